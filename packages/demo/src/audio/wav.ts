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
  // Companded and ADPCM data must be expanded before a bit-depth change means anything.
  if (wav.bitDepth === '8a') wav.fromALaw();
  else if (wav.bitDepth === '8m') wav.fromMuLaw();
  else if (wav.bitDepth === '4') wav.fromIMAADPCM();
  // 32-bit float puts every depth on the same -1..1 scale (and handles unsigned 8-bit's offset).
  if (wav.bitDepth !== '32f') wav.toBitDepth('32f');
  const raw = wav.getSamples(false, Float64Array) as unknown as
    Float64Array | Float64Array[];
  const channels =
    info.channels > 1 ? (raw as Float64Array[]) : [raw as Float64Array];
  const mono = downmix(channels);
  if (mono.length === 0) throw new Error('the data chunk holds no samples');
  return { samples: floatToPcm16(resampleTo24k(mono, info.sampleRate)), info };
}
