/**
 * WAV decoding: any sample rate, channel count and bit depth wavefile reads (8/16/24/32-bit PCM, 32/64-bit
 * float, A-law, µ-law, IMA ADPCM) into 24 kHz mono PCM16.
 */
import wavefile from 'wavefile';
import { floatToPcm16 } from './pcm.js';
import { downmix, resampleTo24k } from './resample.js';

const { WaveFile } = wavefile;

/** What the file held before conversion, for messages and the JSON output. */
export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitDepth: string;
}

/** True when the bytes start like a RIFF/WAVE file. */
export function looksLikeWav(bytes: Uint8Array): boolean {
  const tag = (from: number) =>
    String.fromCharCode(...bytes.subarray(from, from + 4));
  return bytes.length >= 12 && tag(0) === 'RIFF' && tag(8) === 'WAVE';
}

/**
 * Decodes a WAV file to 24 kHz mono PCM16.
 *
 * @throws Error with wavefile's reason when the file is not a WAV it can read (caller adds the path).
 */
export function decodeWav(bytes: Uint8Array): {
  samples: Int16Array;
  info: WavInfo;
} {
  const wav = new WaveFile(bytes);
  const fmt = wav.fmt as {
    numChannels: number;
    sampleRate: number;
    audioFormat: number;
  };
  const info: WavInfo = {
    sampleRate: fmt.sampleRate,
    channels: fmt.numChannels,
    bitDepth: wav.bitDepth,
  };
  if (!fmt.sampleRate || !fmt.numChannels)
    throw new Error('the fmt chunk has no sample rate or channel count');
  // Companded and ADPCM data are expanded to 16-bit PCM first.
  if (wav.bitDepth === '8a') wav.fromALaw();
  else if (wav.bitDepth === '8m') wav.fromMuLaw();
  else if (wav.bitDepth === '4') wav.fromIMAADPCM();
  const raw = wav.getSamples(false, Float64Array) as unknown as
    Float64Array | Float64Array[];
  const channels =
    info.channels > 1 ? (raw as Float64Array[]) : [raw as Float64Array];
  const mono = downmix(
    channels.map((channel) => normalize(channel, wav.bitDepth)),
  );
  if (mono.length === 0) throw new Error('the data chunk holds no samples');
  return { samples: floatToPcm16(resampleTo24k(mono, info.sampleRate)), info };
}

/**
 * Scales raw sample values of a bit depth to -1..1 in place. Done here rather than with wavefile's
 * `toBitDepth('32f')`, which takes over a second for 15 s of audio.
 */
function normalize(samples: Float64Array, bitDepth: string): Float64Array {
  if (bitDepth === '32f' || bitDepth === '64') return samples;
  const bits = Number(bitDepth);
  if (!Number.isInteger(bits) || bits < 8 || bits > 32)
    throw new Error(`unsupported bit depth ${bitDepth}`);
  // 8-bit WAV is unsigned (silence = 128); wider depths are signed.
  const offset = bits === 8 ? 128 : 0;
  const scale = 2 ** (bits - 1);
  for (let i = 0; i < samples.length; i++)
    samples[i] = (samples[i]! - offset) / scale;
  return samples;
}
