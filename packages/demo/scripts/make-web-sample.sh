#!/usr/bin/env bash
# Makes the browser demo's fake-microphone sample: packages/demo/assets/web-speech.wav.
#
# Each line of assets/web-speech.txt is spoken by espeak-ng (deterministic), and the lines are joined
# with 1 s of silence between them (plus 1 s before and after, so that Chromium's looping fake
# microphone leaves a clear gap between repeats and server VAD sees one turn per sentence).
# `sox -R` keeps the output reproducible: without it sox dithers with a random seed.
# Output: 24 kHz, mono, signed 16-bit PCM WAV.
set -euo pipefail
cd "$(dirname "$0")/.."

text=assets/web-speech.txt
out=assets/web-speech.wav
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sox -R -n -r 24000 -c 1 -b 16 "$tmp/silence.wav" trim 0 1.0
parts=("$tmp/silence.wav")
i=0
while IFS= read -r line || [ -n "$line" ]; do
  [ -z "$line" ] && continue
  i=$((i + 1))
  espeak-ng -v en-us -s 150 -w "$tmp/raw-$i.wav" "$line"
  sox -R "$tmp/raw-$i.wav" -r 24000 -c 1 -b 16 "$tmp/line-$i.wav"
  parts+=("$tmp/line-$i.wav" "$tmp/silence.wav")
done <"$text"

sox -R "${parts[@]}" "$out"
echo "wrote $out ($(soxi -D "$out") s, $i sentences)"
