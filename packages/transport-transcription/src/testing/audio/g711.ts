/**
 * G.711 decoding (ITU-T G.711 μ-law and A-law) to 16-bit linear samples. The simulator only needs it to measure
 * speech energy of `audio/pcmu` / `audio/pcma` input, so a 256-entry table per law is all there is.
 */

function decodeMuLaw(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = ((((u & 0x0f) << 3) + 0x84) << exponent) - 0x84;
  return u & 0x80 ? -magnitude : magnitude;
}

function decodeALaw(byte: number): number {
  const a = byte ^ 0x55;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  const magnitude =
    exponent === 0
      ? (mantissa << 4) + 8
      : ((mantissa << 4) + 0x108) << (exponent - 1);
  // In A-law a set sign bit means a positive sample (the opposite of μ-law).
  return a & 0x80 ? magnitude : -magnitude;
}

const table = (decode: (byte: number) => number) =>
  Int16Array.from({ length: 256 }, (_, byte) => decode(byte));

/** μ-law byte → linear PCM16 sample. */
export const MU_LAW_TABLE: Int16Array = table(decodeMuLaw);
/** A-law byte → linear PCM16 sample. */
export const A_LAW_TABLE: Int16Array = table(decodeALaw);
