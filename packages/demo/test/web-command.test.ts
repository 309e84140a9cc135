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

  it('serves a server-VAD model picked with --model, and says where turns are found', async () => {
    const lines: string[] = [];
    const controller = new AbortController();
    const running = runWebCommand(
      ['--port', '0', '--model', 'gpt-4o-mini-transcribe'],
      {
        env: {},
        signal: controller.signal,
        stdout: { write: (text: string) => lines.push(text) },
      },
    );
    await expect
      .poll(() => lines.join(''), { timeout: 15_000 })
      .toMatch(/Ctrl\+C/);
    expect(lines.join('')).toMatch(
      /model gpt-4o-mini-transcribe, turns found by the server \(server VAD\)/,
    );
    const port = Number(/127\.0\.0\.1:(\d+)\//.exec(lines.join(''))![1]);
    expect(
      JSON.parse((await rawRequest(port, { path: '/config.json' })).body),
    ).toEqual({
      offline: true,
      model: 'gpt-4o-mini-transcribe',
      turnDetection: 'server',
    });
    controller.abort();
    await running;
  });

  it.each<[string[], RegExp]>([
    [['--vad', 'server'], /gpt-live-transcribe does not run server VAD/],
    [['--vad', 'semantic'], /--vad must be client or server, got "semantic"/],
    [['--model', ''], /--model needs a value/],
    [['--modle', 'x'], /web: Unknown option '--modle'/],
  ])('refuses %j in plain words before serving', async (argv, message) => {
    await expect(
      runWebCommand(['--port', '0', ...argv], { env: {} }),
    ).rejects.toThrow(message);
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
