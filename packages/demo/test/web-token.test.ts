import { describe, expect, it } from 'vitest';
import {
  createOfflineTokenMinter,
  describeMintFailure,
} from '../src/web-token.js';

describe('createOfflineTokenMinter', () => {
  it('mints a fresh ek_ key per request, pointing the page at the simulator', async () => {
    const mint = createOfflineTokenMinter(
      'ws://127.0.0.1:9999/v1/realtime?intent=transcription',
    );
    const [a, b] = await Promise.all([mint(), mint()]);
    expect(a.key).toMatch(/^ek_offline_[0-9a-f]{32}$/);
    expect(b.key).not.toBe(a.key);
    expect(a.url).toBe('ws://127.0.0.1:9999/v1/realtime?intent=transcription');
    expect(a.expiresAt).toBeGreaterThan(Date.now() / 1000);
  });
});

describe('describeMintFailure', () => {
  it("names OpenAI's status and code without the key that OpenAI's message quotes", () => {
    const key = 'sk-test-secret-0123456789';
    const error = Object.assign(
      new Error(`401 Incorrect API key provided: ${key}`),
      {
        status: 401,
        code: 'invalid_api_key',
      },
    );
    const text = describeMintFailure(error, key);
    expect(text).toContain('HTTP 401, invalid_api_key');
    expect(text).not.toContain(key);
    expect(text).not.toMatch(/sk-/);
  });

  it('says what it can about a failure without status (e.g. no network)', () => {
    expect(describeMintFailure(new TypeError('fetch failed'), 'sk-x')).toBe(
      'OpenAI did not create a client secret: fetch failed',
    );
  });
});
