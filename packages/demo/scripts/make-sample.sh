#!/usr/bin/env bash
# Regenerates the bundled demo sample: assets/sample.wav (24 kHz, mono, PCM16) and assets/sample.txt
# (the reference text, one line per sentence = one line per expected turn).
#
# Needs espeak-ng and sox. The committed files are what tests and `pnpm demo` use, so CI never runs this.
# espeak-ng is deterministic, and `sox -R` turns off sox's random dither, so a rerun reproduces the
# same bytes on the same espeak-ng/sox versions.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
out_wav="$here/assets/sample.wav"
out_txt="$here/assets/sample.txt"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Short sentences without commas: espeak pauses at commas, and a long enough pause could split a
# sentence into two server-VAD turns.
sentences=(
  "The quick brown fox jumps over the lazy dog."
  "Transcription sessions stream text while you speak."
  "Every pause starts a new turn."
  "This sample was made with espeak."
)

parts=()
i=0
for s in "${sentences[@]}"; do
  i=$((i + 1))
  espeak-ng -v en-us -s 160 -w "$tmp/raw$i.wav" "$s"
  # 24 kHz mono s16 and ~1 s of silence after each sentence, so server VAD (500 ms) ends every turn
  # inside the file. Leading 0.3 s gives VAD a quiet start.
  if [ "$i" -eq 1 ]; then pad_front=0.3; else pad_front=0; fi
  sox -R "$tmp/raw$i.wav" -r 24000 -c 1 -b 16 -e signed-integer "$tmp/part$i.wav" pad "$pad_front" 1.0
  parts+=("$tmp/part$i.wav")
done

sox -R "${parts[@]}" -r 24000 -c 1 -b 16 -e signed-integer "$out_wav"
printf '%s\n' "${sentences[@]}" > "$out_txt"
echo "wrote $out_wav ($(stat -c %s "$out_wav") bytes, $(soxi -D "$out_wav") s) and $out_txt"
