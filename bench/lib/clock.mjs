// One clock for all processes on this machine: performance.timeOrigin + performance.now() is
// milliseconds since the Unix epoch with sub-millisecond resolution, comparable across processes.
import { performance } from 'node:perf_hooks';

export const epochMs = () => performance.timeOrigin + performance.now();

/** CPU time (user + system) of this process in microseconds. */
export function cpuMicros() {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Runs a full GC (needs --expose-gc) and returns heapUsed in bytes. */
export function heapAfterGc() {
  if (typeof globalThis.gc !== 'function')
    throw new Error('run with node --expose-gc');
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}
