import { describe, expect, it } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import { CliError } from '../src/errors.js';
import { runWebCommand } from '../src/web-server.js';
import { rawRequest } from './web-http.js';

/**
 * Runs `pnpm demo web ARGV` offline until it says it is serving; `stop()` aborts it as Ctrl+C would and waits
 * for it to end.
 */
async function serve(argv: string[]) {
  const lines: string[] = [];
  const controller = new AbortController();
  const running = runWebCommand(argv, {
    env: {},
    signal: controller.signal,
    stdout: { write: (text: string) => lines.push(text) },
  });
  await expect
    .poll(() => lines.join(''), { timeout: 15_000 })
    .toMatch(/Ctrl\+C/);
  const printed = lines.join('');
  return {
    printed,
    port: Number(/http:\/\/127\.0\.0\.1:(\d+)\//.exec(printed)![1]),
    stop: async () => {
      controller.abort();
      await running;
    },
  };
}

describe('runWebCommand', () => {
  it('serves offline on the given port until the signal aborts, then shuts down', async () => {
    const { printed, port, stop } = await serve(['--port', '0']);
    expect(printed).toMatch(/OFFLINE/);
    expect((await rawRequest(port, { path: '/config.json' })).body).toContain(
      '"offline":true',
    );
    await stop();
    await expect(rawRequest(port, { path: '/' })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });

  it('serves a server-VAD model picked with --model, and says where turns are found', async () => {
    const { printed, port, stop } = await serve([
      '--port',
      '0',
      '--model',
      'gpt-4o-mini-transcribe',
    ]);
    expect(printed).toMatch(
      /model gpt-4o-mini-transcribe, turns found by the server \(server VAD\)/,
    );
    expect(
      JSON.parse((await rawRequest(port, { path: '/config.json' })).body),
    ).toEqual({
      offline: true,
      model: 'gpt-4o-mini-transcribe',
      turnDetection: 'server',
    });
    await stop();
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

  it('says plainly when the port is taken, and starts again on a free port after', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) =>
      taken.listen(0, '127.0.0.1', () => resolve()),
    );
    const port = (taken.address() as AddressInfo).port;
    try {
      const error = await runWebCommand(['--port', String(port)], {
        env: {},
      }).catch((e: unknown) => e as CliError);
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).message).toBe(
        `port ${port} is already in use; pass --port 0 to take any free port`,
      );
      expect((error as CliError).exitCode).toBe(1);
      // The failed start closed what it had opened (the page's simulator): a second start works.
      await (await serve(['--port', '0'])).stop();
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it.each(['', '0x50', '1e3', ' 80', '65536'])(
    'refuses --port %j rather than read it as some other port',
    async (value) => {
      await expect(
        runWebCommand(['--port', value], { env: {} }),
      ).rejects.toThrow(
        `--port must be a whole number from 0 to 65535, got ${JSON.stringify(value)}`,
      );
    },
  );

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
