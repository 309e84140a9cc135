/**
 * Server ids in the real server's style (`event_…`, `item_…`, `sess_…`: a prefix and 21 base-62 characters,
 * e.g. `event_CGmN76McuLtMzxsjjXghR` in the seed capture).
 */
import { randomBytes } from 'node:crypto';

const ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random base-62 string of `length` characters. */
export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

/** A new id with the given prefix, e.g. `newId('item')` → `item_CGmN76McuLtMzxsjjXghR`. */
export function newId(prefix: 'event' | 'item' | 'sess'): string {
  return `${prefix}_${randomToken(21)}`;
}
