/** Test audio built in memory: sine tones and silence, written as WAV files of any format with wavefile. */
import wavefile from 'wavefile';

const { WaveFile } = wavefile;

/** A sine of `hz` at `amplitude` (0..1 of full scale) for `seconds`, as floats at `rate`. */
export function sine(
  hz: number,
  seconds: number,
  rate: number,
  amplitude = 0.5,
): Float64Array {
  const out = new Float64Array(Math.round(seconds * rate));
  for (let i = 0; i < out.length; i++)
    out[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / rate);
  return out;
}

/**
 * Encodes float channels (-1..1) as a WAV of the given bit depth code (wavefile's: '8', '16', '24', '32',
 * '32f', '64', '8a' A-law, '8m' µ-law).
 */
export function makeWav(
  channels: Float64Array[],
  rate: number,
  bitDepth: string,
): Uint8Array {
  const wav = new WaveFile();
  wav.fromScratch(
    channels.length,
    rate,
    '32f',
    channels.length === 1 ? channels[0]! : channels,
  );
  if (bitDepth === '8a') {
    wav.toBitDepth('16');
    wav.toALaw();
  } else if (bitDepth === '8m') {
    wav.toBitDepth('16');
    wav.toMuLaw();
  } else if (bitDepth !== '32f') {
    wav.toBitDepth(bitDepth);
  }
  return wav.toBuffer();
}

/** Speech-like PCM16 at 24 kHz: `pattern` alternates tone and silence durations in ms, starting with tone. */
export function toneAndSilence(pattern: number[], amplitude = 0.3): Int16Array {
  const parts: number[] = [];
  pattern.forEach((ms, index) => {
    const count = Math.round((ms * 24_000) / 1000);
    for (let i = 0; i < count; i++) {
      parts.push(
        index % 2 === 0
          ? Math.round(
              amplitude * 32767 * Math.sin((2 * Math.PI * 220 * i) / 24_000),
            )
          : 0,
      );
    }
  });
  return Int16Array.from(parts);
}

/** Dominant frequency estimate from positive-going zero crossings. */
export function zeroCrossingHz(
  samples: ArrayLike<number>,
  rate: number,
): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++)
    if (samples[i - 1]! < 0 && samples[i]! >= 0) crossings++;
  return (crossings * rate) / samples.length;
}

/** Peak absolute value as a fraction of PCM16 full scale. */
export function peak(samples: Int16Array): number {
  let max = 0;
  for (const sample of samples) max = Math.max(max, Math.abs(sample));
  return max / 32768;
}

/** Fields of a hand-built WAV header; anything left out is consistent with the rest. */
export interface RawWavFields {
  audioFormat?: number;
  channels?: number;
  sampleRate?: number;
  bitsPerSample?: number;
  blockAlign?: number;
  byteRate?: number;
  /** Written as WAVE_FORMAT_EXTENSIBLE with this SubFormat code. */
  extensibleSubFormat?: number;
  /** What the data chunk's size field says (default: the bytes given). */
  declaredDataBytes?: number;
  /** The audio bytes actually written. */
  data?: Uint8Array;
}

/**
 * Writes a WAV header byte by byte, so tests can state exactly what a hostile or broken file says, without
 * going through an encoder that would refuse to write it.
 */
export function rawWav(fields: RawWavFields = {}): Buffer {
  const channels = fields.channels ?? 1;
  const sampleRate = fields.sampleRate ?? 24_000;
  const bits = fields.bitsPerSample ?? 16;
  const blockAlign = fields.blockAlign ?? (channels * bits) / 8;
  const byteRate = fields.byteRate ?? sampleRate * blockAlign;
  const data = fields.data ?? new Uint8Array(4800);
  const extensible = fields.extensibleSubFormat !== undefined;
  const fmt = Buffer.alloc(extensible ? 40 : 16);
  fmt.writeUInt16LE(extensible ? 0xfffe : (fields.audioFormat ?? 1), 0);
  fmt.writeUInt16LE(channels, 2);
  fmt.writeUInt32LE(sampleRate, 4);
  fmt.writeUInt32LE(byteRate, 8);
  fmt.writeUInt16LE(blockAlign, 12);
  fmt.writeUInt16LE(bits, 14);
  if (extensible) {
    fmt.writeUInt16LE(22, 16);
    fmt.writeUInt16LE(bits, 18);
    fmt.writeUInt32LE(0, 20);
    fmt.writeUInt16LE(fields.extensibleSubFormat!, 24);
    Buffer.from('000000001000800000aa00389b71', 'hex').copy(fmt, 26);
  }
  const chunk = (id: string, body: Uint8Array, size = body.length) => {
    const header = Buffer.alloc(8);
    header.write(id, 0, 'ascii');
    header.writeUInt32LE(size >>> 0, 4);
    return Buffer.concat([header, body]);
  };
  const body = Buffer.concat([
    Buffer.from('WAVE'),
    chunk('fmt ', fmt),
    chunk('data', data, fields.declaredDataBytes ?? data.length),
  ]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'ascii');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}
