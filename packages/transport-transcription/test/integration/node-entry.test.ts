/**
 * Which socket the Node entry uses. Node 22+ has a global `WebSocket` (undici) that cannot send an
 * `Authorization` header; the Node entry must keep using `ws` with header auth whatever the global is, and
 * Node must never resolve the package to its browser entry. The probe runs in a child process with the
 * Node binary running this test (CI runs the suite on Node 20, 22 and 24), loading the built package by
 * name as a user's program does, against a real loopback server that records the upgrade request.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startScriptedServer,
  type ScriptedServer,
} from '../helpers/scripted-server.js';

const run = promisify(execFile);
const probe = fileURLToPath(new URL('./node-entry/probe.mjs', import.meta.url));
const KEY = 'sk-proj-node-entry-probe-0123456789';

interface ProbeReport {
  nodeVersion: string;
  nativeWebSocket: string;
  globalConstructed: number;
  resolvedImport: string;
  resolvedRequire: string;
  requireHasTransport: boolean;
  status: string;
  errors: number;
}

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function runProbe(url: string): Promise<ProbeReport> {
  const { stdout } = await run(process.execPath, [probe, url, KEY], {
    timeout: 15_000,
  });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as ProbeReport;
}

describe(`the Node entry on ${process.version}`, () => {
  it('connects through ws with a Bearer header and never constructs the global WebSocket', async () => {
    server = await startScriptedServer();
    const report = await runProbe(server.url);

    expect(report.nodeVersion).toBe(process.version);
    // Node 22+ ships a global WebSocket; Node 20 has none. Either way the probe counted constructions.
    const major = Number(process.versions.node.split('.')[0]);
    expect(report.nativeWebSocket).toBe(major >= 22 ? 'function' : 'undefined');
    expect(report.globalConstructed).toBe(0);
    expect(report.status).toBe('connected');
    expect(report.errors).toBe(0);

    expect(server.requests).toHaveLength(1);
    const headers = server.requests[0]!.headers;
    expect(headers.authorization).toBe(`Bearer ${KEY}`);
    // The browser path would carry the key in a subprotocol, and undici offers permessage-deflate.
    expect(headers['sec-websocket-protocol']).toBeUndefined();
    expect(headers['sec-websocket-extensions']).toBeUndefined();
  });

  it('resolves to the Node builds for import and require, never the browser entry', async () => {
    server = await startScriptedServer();
    const report = await runProbe(server.url);

    expect(report.resolvedImport).toMatch(/\/dist\/index\.js$/);
    expect(report.resolvedRequire).toMatch(/\/dist\/index\.cjs$/);
    expect(report.resolvedImport).not.toMatch(/browser/);
    expect(report.resolvedRequire).not.toMatch(/browser/);
    expect(report.requireHasTransport).toBe(true);
  });
});
