import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFile } from '../src/audio/source.js';
import { CliError } from '../src/errors.js';
import { makeWav, rawWav, sine } from './support/audio.js';

const dir = mkdtempSync(join(tmpdir(), 'demo-source-'));

describe('openFile', () => {
  it('decodes a WAV whatever its extension says', async () => {
    const path = join(dir, 'tone.bin');
    writeFileSync(path, makeWav([sine(440, 1, 16_000)], 16_000, '16'));
    const source = await openFile(path);
    expect(source.durationMs).toBeCloseTo(1000, 0);
    let frames = 0;
    for await (const frame of source.frames) {
      expect(frame.length).toBe(2400);
      frames++;
    }
    expect(frames).toBe(10);
  });

  it('stops yielding frames once stopped', async () => {
    const path = join(dir, 'long.wav');
    writeFileSync(path, makeWav([sine(440, 2, 24_000)], 24_000, '16'));
    const source = await openFile(path);
    let frames = 0;
    for await (const _frame of source.frames) {
      if (++frames === 3) source.stop();
    }
    expect(frames).toBe(3);
  });

  it('carries the warning for a truncated file and decodes what is there', async () => {
    const path = join(dir, 'cut.wav');
    writeFileSync(
      path,
      rawWav({ declaredDataBytes: 100_000_000, data: new Uint8Array(48_000) }),
    );
    const source = await openFile(path, 'cut.wav');
    expect(source.warning).toMatch(/^the header promises 100000000 bytes/);
    let samples = 0;
    for await (const frame of source.frames) samples += frame.length;
    expect(samples).toBe(24_000);
  });

  it('names a missing file', async () => {
    await expect(openFile(join(dir, 'nope.wav'), 'nope.wav')).rejects.toThrow(
      new CliError('cannot read nope.wav: no such file'),
    );
  });

  it('names an empty file', async () => {
    const path = join(dir, 'empty.wav');
    writeFileSync(path, '');
    await expect(openFile(path, 'empty.wav')).rejects.toThrow(
      'empty.wav is empty',
    );
  });

  it('refuses a FIFO without opening it (opening would wait for a writer forever)', async () => {
    const path = join(dir, 'pipe.wav');
    execFileSync('mkfifo', [path]);
    await expect(openFile(path, 'pipe.wav')).rejects.toThrow(
      new CliError(
        'pipe.wav is a named pipe (FIFO), not a regular file; to stream audio, pipe raw PCM16 into "transcribe -"',
      ),
    );
  });

  it('refuses a character device', async () => {
    await expect(openFile('/dev/zero')).rejects.toThrow(
      /^\/dev\/zero is a character device, not a regular file/,
    );
  });

  it('refuses a header the demo does not take, naming the field', async () => {
    const path = join(dir, 'one-hz.wav');
    writeFileSync(path, rawWav({ sampleRate: 1 }));
    await expect(openFile(path, 'one-hz.wav')).rejects.toThrow(
      new CliError(
        'cannot use one-hz.wav: sampleRate is 1 Hz; 8000–384000 Hz are supported',
      ),
    );
  });
});
