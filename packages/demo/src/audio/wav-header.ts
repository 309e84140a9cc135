/**
 * Reading and checking a WAV header against the file it sits in, before any audio is decoded.
 *
 * Accepted: PCM (8/16/24/32-bit) and IEEE float (32/64-bit), plain or as WAVE_FORMAT_EXTENSIBLE, 1–8
 * channels, 8 000–384 000 Hz. Anything else is refused with one sentence naming the field and its value.
 * A data chunk that claims more bytes than the file holds (a recording that was cut off, or a header
 * written before the length was known) is not refused: the whole samples that are there are used, and
 * {@link WavLayout.warning} says so once.
 */

/** Reads up to `length` bytes at `position`; fewer at the end of the file. */
export type ByteReader = (
  position: number,
  length: number,
) => Promise<Uint8Array>;

export const MIN_SAMPLE_RATE = 8_000;
export const MAX_SAMPLE_RATE = 384_000;
export const MAX_CHANNELS = 8;
/** Longest audio the demo takes from one file: 4 hours. */
export const MAX_DURATION_SECONDS = 4 * 3600;
/** Chunks skipped while looking for `data`; a real file has a handful. */
const MAX_CHUNKS_BEFORE_DATA = 64;

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** The 14 bytes after the format code in every standard KSDATAFORMAT_SUBTYPE GUID. */
const SUBTYPE_GUID_TAIL = [
  0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b,
  0x71,
];

const FORMAT_NAMES: Record<number, string> = {
  0x0002: 'Microsoft ADPCM',
  0x0006: 'A-law',
  0x0007: 'µ-law',
  0x0011: 'IMA ADPCM',
  0x0055: 'MP3',
};

/** A header the demo cannot or will not decode. The message is one plain sentence. */
export class WavFormatError extends Error {
  override readonly name = 'WavFormatError';
}

/** Where the audio is and how it is encoded. */
export interface WavLayout {
  encoding: 'pcm' | 'float';
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Bytes per sample frame (all channels). */
  blockAlign: number;
  /** Offset of the first audio byte. */
  dataOffset: number;
  /** Audio bytes that will be decoded: whole sample frames that are actually in the file. */
  dataBytes: number;
  durationSeconds: number;
  /** Set when the header and the file disagree and the demo uses what is there. */
  warning?: string;
}

/** True when the first 12 bytes are a RIFF/WAVE header. */
export function looksLikeWav(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 12 &&
    ascii(bytes, 0) === 'RIFF' &&
    ascii(bytes, 8) === 'WAVE'
  );
}

/**
 * Parses and checks the header of a file of `fileSize` bytes that {@link looksLikeWav}.
 *
 * @throws WavFormatError naming the first field that is out of range or inconsistent.
 */
export async function readWavLayout(
  read: ByteReader,
  fileSize: number,
): Promise<WavLayout> {
  let offset = 12;
  let format:
    Omit<WavLayout, 'dataOffset' | 'dataBytes' | 'durationSeconds'> | undefined;
  for (let chunk = 0; chunk <= MAX_CHUNKS_BEFORE_DATA; chunk++) {
    const header = await read(offset, 8);
    if (header.length < 8)
      throw new WavFormatError(
        format
          ? 'the file ends before its data chunk: it holds no audio'
          : 'the file ends before its fmt chunk: it is not a complete WAV file',
      );
    const id = ascii(header, 0);
    const size = view(header).getUint32(4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16)
        throw new WavFormatError(
          `the fmt chunk is ${size} bytes, shorter than the 16 every WAV needs`,
        );
      const bytes = await read(body, Math.min(size, 40));
      if (bytes.length < Math.min(size, 40))
        throw new WavFormatError('the file ends inside its fmt chunk');
      format = parseFormat(bytes);
    } else if (id === 'data') {
      if (!format)
        throw new WavFormatError(
          'the data chunk comes before the fmt chunk, so its format is unknown',
        );
      return withData(format, body, size, fileSize);
    }
    offset = body + size + (size % 2); // chunks are padded to an even length
    if (offset > fileSize)
      throw new WavFormatError(
        `the "${printableId(id)}" chunk claims ${size} bytes, more than the file holds, and no data chunk was found`,
      );
  }
  throw new WavFormatError(
    `no data chunk among the first ${MAX_CHUNKS_BEFORE_DATA} chunks`,
  );
}

function parseFormat(
  bytes: Uint8Array,
): Omit<WavLayout, 'dataOffset' | 'dataBytes' | 'durationSeconds'> {
  const fields = view(bytes);
  let audioFormat = fields.getUint16(0, true);
  const channels = fields.getUint16(2, true);
  const sampleRate = fields.getUint32(4, true);
  const byteRate = fields.getUint32(8, true);
  const blockAlign = fields.getUint16(12, true);
  const bitsPerSample = fields.getUint16(14, true);

  if (audioFormat === WAVE_FORMAT_EXTENSIBLE) {
    if (bytes.length < 40)
      throw new WavFormatError(
        `the fmt chunk of a WAVE_FORMAT_EXTENSIBLE file is ${bytes.length} bytes, shorter than the 40 it needs`,
      );
    const subFormat = fields.getUint16(24, true);
    const tail = bytes.subarray(26, 40);
    if (!SUBTYPE_GUID_TAIL.every((byte, i) => tail[i] === byte))
      throw new WavFormatError(
        'the WAVE_FORMAT_EXTENSIBLE SubFormat is not a standard audio GUID (only PCM and IEEE float are supported)',
      );
    if (subFormat !== WAVE_FORMAT_PCM && subFormat !== WAVE_FORMAT_IEEE_FLOAT)
      throw new WavFormatError(
        `the WAVE_FORMAT_EXTENSIBLE SubFormat is ${describeFormat(subFormat)}; only PCM (1) and IEEE float (3) are supported`,
      );
    audioFormat = subFormat;
  }
  if (audioFormat !== WAVE_FORMAT_PCM && audioFormat !== WAVE_FORMAT_IEEE_FLOAT)
    throw new WavFormatError(
      `audioFormat is ${describeFormat(audioFormat)}; only PCM (1), IEEE float (3) and WAVE_FORMAT_EXTENSIBLE with either are supported (convert with: ffmpeg -i in.wav -c:a pcm_s16le out.wav)`,
    );
  const encoding = audioFormat === WAVE_FORMAT_PCM ? 'pcm' : 'float';
  if (channels < 1 || channels > MAX_CHANNELS)
    throw new WavFormatError(
      `numChannels is ${channels}; 1 to ${MAX_CHANNELS} are supported`,
    );
  if (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE)
    throw new WavFormatError(
      `sampleRate is ${sampleRate} Hz; ${MIN_SAMPLE_RATE}–${MAX_SAMPLE_RATE} Hz are supported`,
    );
  const depths = encoding === 'pcm' ? [8, 16, 24, 32] : [32, 64];
  if (!depths.includes(bitsPerSample))
    throw new WavFormatError(
      `bitsPerSample is ${bitsPerSample}; ${encoding === 'pcm' ? 'PCM' : 'float'} WAV must be ${depths.join(', ')}-bit`,
    );
  const expectedAlign = (channels * bitsPerSample) / 8;
  if (blockAlign !== expectedAlign)
    throw new WavFormatError(
      `blockAlign is ${blockAlign}, but ${channels} channel(s) of ${bitsPerSample}-bit samples need ${expectedAlign}`,
    );
  if (byteRate !== sampleRate * blockAlign)
    throw new WavFormatError(
      `byteRate is ${byteRate}, but sampleRate × blockAlign is ${sampleRate * blockAlign}`,
    );
  return { encoding, channels, sampleRate, bitsPerSample, blockAlign };
}

function withData(
  format: Omit<WavLayout, 'dataOffset' | 'dataBytes' | 'durationSeconds'>,
  dataOffset: number,
  declared: number,
  fileSize: number,
): WavLayout {
  const present = Math.max(0, fileSize - dataOffset);
  const available = Math.min(declared, present);
  const dataBytes = available - (available % format.blockAlign);
  if (dataBytes === 0)
    throw new WavFormatError(
      declared === 0
        ? 'the data chunk is empty: the file holds no audio'
        : `the data chunk claims ${declared} bytes but the file holds no whole sample after its header`,
    );
  let warning: string | undefined;
  if (declared > present)
    warning = `the header promises ${declared} bytes of audio but the file holds ${present}; using the ${dataBytes} bytes that are there`;
  else if (declared % format.blockAlign !== 0)
    warning = `the data chunk (${declared} bytes) ends in the middle of a sample; the partial sample is dropped`;
  const durationSeconds = dataBytes / (format.blockAlign * format.sampleRate);
  if (durationSeconds > MAX_DURATION_SECONDS)
    throw new WavFormatError(
      `it holds ${(durationSeconds / 3600).toFixed(1)} h of audio; the demo takes at most ${MAX_DURATION_SECONDS / 3600} h per file`,
    );
  return {
    ...format,
    dataOffset,
    dataBytes,
    durationSeconds,
    ...(warning ? { warning } : {}),
  };
}

function describeFormat(code: number): string {
  const hex = `0x${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = FORMAT_NAMES[code];
  return name ? `${hex} (${name})` : hex;
}

function ascii(bytes: Uint8Array, from: number): string {
  return String.fromCharCode(...bytes.subarray(from, from + 4));
}

// Chunk ids come from the file: show only letters, digits and spaces.
function printableId(id: string): string {
  return id.replace(/[^A-Za-z0-9 ]/g, '?');
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
