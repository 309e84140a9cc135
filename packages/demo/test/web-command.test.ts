import { describe, expect, it } from 'vitest';
import { runWebCommand } from '../src/web-server.js';
import { rawRequest } from './web-http.js';

describe('runWebCommand', () => {
  it('serves offline on the given port until the signal aborts, then shuts down', async () => {
    const lines: string[] = [];
    const controller = new AbortController();
    const stdout = { write: (text: string) => lines.push(text) };
    const running = runWebCommand(['--port', '0'], {
      env: {},
      signal: controller.signal,
      stdout,
    });
    await expect
      .poll(() => lines.join(''), { timeout: 15_000 })
      .toMatch(/Ctrl\+C/);
    const url = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(lines.join(''));
    expect(lines.join('')).toMatch(/OFFLINE/);
    const port = Number(url![1]);
    expect((await rawRequest(port, { path: '/config.json' })).body).toContain(
      '"offline":true',
    );
    controller.abort();
    await running;
    await expect(rawRequest(port, { path: '/' })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });

  it('prints usage for --help and refuses a bad port in plain words', async () => {
    const lines: string[] = [];
    await runWebCommand(['--help'], {
      stdout: { write: (t: string) => lines.push(t) },
    });
    expect(lines.join('')).toMatch(/Usage: pnpm demo web/);
    await expect(
      runWebCommand(['--port', 'eighty'], { env: {} }),
    ).rejects.toThrow(/--port must be a whole number/);
  });
});
