// Process plumbing: every benchmark and every server runs as its own Node process, talking JSON over
// the IPC channel. A child says { ready: ... } once it can be used and { result: ... } when it is done.
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Starts bench/<script> as a child with `config` (JSON) in BENCH_CONFIG.
 * Returns the child and a promise of its first { ready } message.
 */
export function startChild(script, config, { execArgv = [], env = {} } = {}) {
  const child = fork(join(benchDir, script), [], {
    execArgv,
    env: { ...process.env, ...env, BENCH_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (message && 'ready' in message) {
        child.off('exit', onExit);
        child.off('message', onMessage);
        resolve(message.ready);
      }
    };
    const onExit = (code, signal) =>
      reject(
        new Error(`${script} exited (${signal ?? code}) before it was ready`),
      );
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
  return { child, ready };
}

/** Runs bench/<script> to completion and resolves with its { result } message. */
export function runChild(script, config, options) {
  const { child, ready } = startChild(script, config, options);
  ready.catch(() => {});
  return new Promise((resolve, reject) => {
    let result;
    child.on('message', (message) => {
      if (message && 'result' in message) result = message.result;
    });
    child.once('exit', (code, signal) => {
      if (result !== undefined) resolve(result);
      else
        reject(
          new Error(
            `${script} ${JSON.stringify(config)} failed (${signal ?? code})`,
          ),
        );
    });
  });
}

/** Sends a request over IPC and resolves with the reply whose `id` matches. */
export function request(child, message) {
  const id = `${process.pid}-${++request.seq}`;
  return new Promise((resolve, reject) => {
    const onMessage = (reply) => {
      if (reply && reply.id === id) {
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(reply);
      }
    };
    const onExit = () =>
      reject(new Error(`child exited before answering ${message.type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ ...message, id });
  });
}
request.seq = 0;

/** Inside a child: its config, and helpers to answer the parent. */
export const config = JSON.parse(process.env.BENCH_CONFIG ?? '{}');
export const sendReady = (ready = {}) => process.send?.({ ready });
export function sendResult(result) {
  process.send?.({ result }, () => process.exit(0));
}

/** Inside a child: answers each { type, id } request from the parent with handlers[type](message). */
export function serveRequests(handlers) {
  process.on('message', async (message) => {
    const handler = handlers[message?.type];
    if (!handler) return;
    const reply = await handler(message);
    // The parent may be gone (it stops waiting for a saturated simulator): drop the reply quietly.
    if (process.connected) process.send({ ...reply, id: message.id }, () => {});
  });
}

/** Exits with a message if something throws, so the orchestrator sees a failure instead of a hang. */
export function failLoudly(fn) {
  fn().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
