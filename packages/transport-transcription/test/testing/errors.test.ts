import { describe, expect, it } from 'vitest';
import {
  eventErrors,
  maskApiKey,
  quoteList,
} from '../../src/testing/errors.js';

describe('simulator error texts', () => {
  it('states the 60-minute cap exactly as the real server does', () => {
    expect(eventErrors.sessionExpired(60 * 60 * 1000)).toEqual({
      type: 'invalid_request_error',
      code: 'session_expired',
      message: 'Your session hit the maximum duration of 60 minutes.',
      param: null,
    });
    expect(eventErrors.sessionExpired(60_000).message).toBe(
      'Your session hit the maximum duration of 1 minute.',
    );
  });

  it('lists supported values the way the server does', () => {
    expect(quoteList(['a'])).toBe("'a'");
    expect(quoteList(['a', 'b'])).toBe("'a' and 'b'");
    expect(quoteList(['a', 'b', 'c'])).toBe("'a', 'b', and 'c'");
  });

  it('masks keys keeping only the first 8 and last 4 characters', () => {
    expect(maskApiKey('sk-proj-abcdefghijklmnop1234')).toBe(
      'sk-proj-****************1234',
    );
    expect(maskApiKey('ek_12345')).toBe('********');
  });
});
