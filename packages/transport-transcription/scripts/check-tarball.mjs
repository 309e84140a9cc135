// The package as a user gets it: packs the transport (dist must be built), checks what the tarball holds, then
// for each SDK version the README claims installs the tarball with plain `npm install` (no
// --legacy-peer-deps) in a temporary folder next to that @openai/agents-realtime, and
//   - runs a small program against the simulator from the tarball's ./testing entry: a real RealtimeSession,
//     audio sent as an Int16Array view, the final transcript in history; plus a client secret minted
//     through the `openai` client npm installed there, against a loopback HTTP server;
//   - typechecks a strict `module: node16` TypeScript consumer that calls transport.sendAudio(new Int16Array(480)).
// Needs the npm registry. Usage: node scripts/check-tarball.mjs [sdk-version ...]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SDK_VERSIONS =
  process.argv.length > 2
    ? process.argv.slice(2)
    : ['0.3.0', '0.11.0', '0.20.0'];
const TYPESCRIPT = '5.9.3';
const NODE_TYPES = '20.19.43';
const pkg = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'transport-tarball-'));

function run(command, args, cwd) {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    throw new Error(`\`${command} ${args.join(' ')}\` failed in ${cwd}`);
  }
}

function fail(message) {
  console.error(`check-tarball: ${message}`);
  process.exit(1);
}

// 1. Pack, and look inside.
run('pnpm', ['pack', '--pack-destination', work], pkg);
const tarball = join(
  work,
  run('ls', [work], work)
    .trim()
    .split('\n')
    .find((f) => f.endsWith('.tgz')),
);
const files = run('tar', ['-tzf', tarball], work)
  .split('\n')
  .filter(Boolean)
  .map((f) => f.replace(/^package\//, ''));
for (const needed of [
  'README.md',
  'LICENSE',
  'package.json',
  'docs/protocol.md',
  'docs/reliability.md',
  'docs/simulator.md',
  'dist/index.js',
  'dist/index.cjs',
  'dist/index.d.ts',
  'dist/testing/index.js',
]) {
  if (!files.includes(needed))
    fail(`the tarball has no ${needed}. It holds: ${files.join(', ')}`);
}
const declarations = files.filter((f) => /\.d\.c?ts$/.test(f));
for (const file of declarations) {
  const text = run('tar', ['-xzOf', tarball, `package/${file}`], work);
  const map = /sourceMappingURL=(\S+)/.exec(text)?.[1];
  if (map) fail(`${file} names ${map}, which the tarball does not hold`);
}
console.log(
  `tarball: ${files.length} files, README, LICENSE, docs and ${declarations.length} declarations without dangling maps`,
);

// 2. The program a user would write, against the simulator; exits non-zero with a reason on any failure.
const program = `
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import OpenAI from 'openai';
import { OpenAIRealtimeTranscriptionWebSocket, createTranscriptionClientSecret } from '@agents-transcription/transport';
import { createTranscriptionServerSimulator } from '@agents-transcription/transport/testing';

const simulator = await createTranscriptionServerSimulator({ transcripts: ['Hello from the tarball.'] });
const transport = new OpenAIRealtimeTranscriptionWebSocket({
  session: { transcription: { model: 'gpt-4o-mini-transcribe' }, turnDetection: null },
});
const session = new RealtimeSession(new RealtimeAgent({ name: 'Notes' }), { transport });
session.on('error', (event) => { console.error('session error', event.error); process.exitCode = 1; });
const completed = new Promise((resolve) => transport.on('transcript_completed', resolve));
try {
  await session.connect({ apiKey: 'sk-test', url: simulator.url });
  // 200 ms of a 440 Hz tone, as a view into a bigger buffer: only the view's bytes may be sent.
  const pool = new Int16Array(24_000);
  const tone = pool.subarray(2_400, 7_200);
  for (let i = 0; i < tone.length; i++) tone[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 24_000));
  transport.sendAudio(tone, { commit: true });
  const event = await Promise.race([completed, new Promise((_, reject) => setTimeout(() => reject(new Error('no transcript in 10 s')), 10_000))]);
  if (event.transcript !== 'Hello from the tarball.') throw new Error('transcript ' + JSON.stringify(event.transcript));
  const user = session.history.find((item) => item.type === 'message' && item.role === 'user');
  if (user?.content[0]?.transcript !== 'Hello from the tarball.' || user.status !== 'completed')
    throw new Error('history ' + JSON.stringify(session.history));
  const appended = simulator.received('input_audio_buffer.append').reduce((n, e) => n + Buffer.from(e.audio, 'base64').length, 0);
  if (appended !== tone.byteLength) throw new Error('sent ' + appended + ' bytes for a ' + tone.byteLength + '-byte view');
} finally {
  session.close();
  await simulator.close();
}

// A client secret through the openai client npm installed here, against a loopback stand-in of the REST API.
let body;
const api = createServer((request, response) => {
  let text = '';
  request.on('data', (chunk) => (text += chunk));
  request.on('end', () => {
    body = { url: request.url, json: JSON.parse(text) };
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ value: 'ek_test', expires_at: 1, session: { type: 'transcription' } }));
  });
});
await new Promise((resolve) => api.listen(0, '127.0.0.1', resolve));
try {
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: 'http://127.0.0.1:' + api.address().port + '/v1', maxRetries: 0 });
  const secret = await createTranscriptionClientSecret({ client, session: { transcription: { model: 'gpt-4o-mini-transcribe' } } });
  if (secret.value !== 'ek_test') throw new Error('secret ' + JSON.stringify(secret));
  if (body?.url !== '/v1/realtime/client_secrets' || body.json.session?.type !== 'transcription')
    throw new Error('request ' + JSON.stringify(body));
} finally {
  api.close();
}
console.log('ok: transcript in history, ' + 'client secret minted with openai ' + JSON.parse(readFileSync('node_modules/openai/package.json', 'utf8')).version);
`;

// 3. The strict node16 consumer.
const consumer = `
import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import {
  OpenAIRealtimeTranscriptionWebSocket,
  type TranscriptCompletedEvent,
  type TranscriptionErrorCode,
} from '@agents-transcription/transport';
import { createTranscriptionServerSimulator } from '@agents-transcription/transport/testing';

const transport = new OpenAIRealtimeTranscriptionWebSocket({ session: { turnDetection: null } });
transport.sendAudio(new Int16Array(480));
transport.sendAudio(new Uint8Array(960), { commit: true });
transport.sendAudio(new ArrayBuffer(960));
transport.on('transcript_completed', (event: TranscriptCompletedEvent) => event.transcript.length);
transport.on('reconnecting', (event) => event.attempt + event.delayMs);
const code: TranscriptionErrorCode = 'AUDIO_BACKPRESSURE';
const session = new RealtimeSession(new RealtimeAgent({ name: 'a' }), { transport });
session.on('error', () => {});
export const used = [code, session, createTranscriptionServerSimulator];
`;
const tsconfig = {
  compilerOptions: {
    module: 'node16',
    moduleResolution: 'node16',
    target: 'es2022',
    strict: true,
    noEmit: true,
    // The SDK's own dependencies (@modelcontextprotocol/sdk) do not typecheck under node16 with library
    // checks on; this package's declarations are checked with skipLibCheck off by tsconfig.dist-check.json.
    skipLibCheck: true,
    types: ['node'],
  },
  files: ['consumer.mts'],
};

for (const version of SDK_VERSIONS) {
  const dir = join(work, `sdk-${version}`);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: `consumer-${version.replaceAll('.', '-')}`,
      private: true,
      type: 'module',
    }),
  );
  const started = performance.now();
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      tarball,
      `@openai/agents-realtime@${version}`,
      `typescript@${TYPESCRIPT}`,
      `@types/node@${NODE_TYPES}`,
    ],
    dir,
  );
  const installMs = Math.round(performance.now() - started);
  writeFileSync(join(dir, 'program.mjs'), program);
  writeFileSync(join(dir, 'consumer.mts'), consumer);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  const output = run('node', ['program.mjs'], dir).trim();
  run(join(dir, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], dir);
  console.log(
    `@openai/agents-realtime ${version}: npm install ${installMs} ms; ${output}; node16 consumer typechecks`,
  );
}
rmSync(work, { recursive: true, force: true });
