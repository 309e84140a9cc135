import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectedTransport } from './transport-helpers.js';

describe('config warnings without a warning listener', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints once per process per field, not once per transport (servers run many sessions)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const config = { instructions: 'be brief', voice: 'alloy' };
    const transports = [];
    for (let i = 0; i < 3; i++)
      transports.push((await connectedTransport({}, config)).transport);
    const lines = warn.mock.calls.map((call) => String(call[0]));
    expect(lines.filter((l) => l.includes('instructions'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('voice'))).toHaveLength(1);
    for (const t of transports) t.close();
  });

  it('still emits the warning event to each transport that listens', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { transport } = await connectedTransport();
    const fields: string[] = [];
    transport.on('warning', (w) => fields.push(w.field));
    transport.updateSessionConfig({ instructions: 'be brief' } as never);
    expect(fields).toEqual(['instructions']);
    transport.close();
  });
});
