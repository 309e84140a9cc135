/** Error helpers shared by the unit tests. */
import { expect } from 'vitest';
import { TranscriptionTransportError } from '../../src/errors.js';

/** The code of the {@link TranscriptionTransportError} `fn` throws, or `undefined` when it throws nothing. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TranscriptionTransportError);
    return (error as TranscriptionTransportError).code;
  }
  return undefined;
}
