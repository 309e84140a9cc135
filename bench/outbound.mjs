// Benchmark 1, outbound audio: microseconds per PCM16 frame from `sendAudio` (or the raw floor) until a
// sink in another process has counted the frame. One client implementation per process:
//   transport  OpenAIRealtimeTranscriptionWebSocket.sendAudio, constructed with defaults as users get it
//              (replay buffer, reconnect, liveness pings, backpressure all on; the sink never commits,
//              so the replay buffer holds the uncommitted tail at its 15 s bound: `reliability` in the result)
//   transport-client-vad  the same with `turnDetection: { type: 'client_vad' }` (the client turn detector
//              runs on every frame sent)
//   stock      OpenAIRealtimeWebSocket.sendAudio (@openai/agents-realtime)
//   floor      Buffer base64 + JSON.stringify + ws.send, the baseline the targets are stated against
//   concat     Buffer base64 + string concatenation + ws.send: skips JSON.stringify's escape scan of the
//              base64 string, the least a JSON-over-ws client can do
// Both frame sizes are measured in the same process, alternating, after a warm-up block of each.
// Reported per frame size: client CPU µs/frame (process.cpuUsage: the client's own cost, the headline)
// and wall µs/frame (until the sink acknowledged every frame; bounded by the slower of the two processes).
import {
  importRealtime,
  importTransport,
  importWs,
  bufferutilLoaded,
} from './lib/resolve.mjs';
import {
  config,
  failLoudly,
  request,
  sendResult,
  startChild,
} from './lib/proc.mjs';
import { cpuMicros, epochMs } from './lib/clock.mjs';
import { median } from './lib/stats.mjs';
import { pcmFrames } from './lib/events.mjs';
import { API_KEY } from './lib/clients.mjs';

const {
  impl,
  frameSizes = [960, 4800],
  framesPerBlock = 4000,
  rounds = 4,
  window = 256,
} = config;

async function openClient(url) {
  if (impl === 'floor' || impl === 'concat') {
    const { WebSocket } = await importWs();
    const ws = new WebSocket(url, {
      headers: { Authorization: `Bearer ${API_KEY}` },
    });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    if (impl === 'concat') {
      return {
        send: (audio) =>
          ws.send(
            '{"type":"input_audio_buffer.append","audio":"' +
              Buffer.from(audio).toString('base64') +
              '"}',
          ),
        close: () => ws.close(),
      };
    }
    return {
      send: (audio) =>
        ws.send(
          JSON.stringify({
            type: 'input_audio_buffer.append',
            audio: Buffer.from(audio).toString('base64'),
          }),
        ),
      close: () => ws.close(),
    };
  }
  const transport =
    impl === 'stock'
      ? new (await importRealtime()).OpenAIRealtimeWebSocket({ url })
      : new (await importTransport()).OpenAIRealtimeTranscriptionWebSocket({
          url,
          // The same transport with its client turn detector on the audio sent (`client_vad`).
          ...(impl === 'transport-client-vad'
            ? { session: { turnDetection: { type: 'client_vad' } } }
            : {}),
        });
  transport.on('error', (error) => console.error(`[outbound ${impl}]`, error));
  // The sink's session names a deprecated model: its shutdown warning is not a bench result.
  if (impl !== 'stock') transport.on('warning', () => {});
  await transport.connect({ apiKey: API_KEY, url, initialSessionConfig: {} });
  return {
    send: (audio) => transport.sendAudio(audio),
    close: () => transport.close(),
    reliability: () => transport.reliability,
  };
}

failLoudly(async () => {
  const sink = startChild('sink-server.mjs', {});
  const { url } = await sink.ready;
  let acked = 0;
  let wake = null;
  sink.child.on('message', (message) => {
    if (typeof message?.frames === 'number' && message.id === undefined) {
      acked = message.frames;
      wake?.();
    }
  });
  const client = await openClient(url);
  let sent = 0;

  async function block(frames) {
    const target =
      sent + frames.length * Math.ceil(framesPerBlock / frames.length);
    const t0 = epochMs();
    const c0 = cpuMicros();
    while (sent < target) {
      if (sent - acked >= window) {
        await new Promise((resolve) => (wake = resolve));
        continue;
      }
      client.send(frames[sent % frames.length]);
      sent++;
    }
    const c1 = cpuMicros();
    for (;;) {
      const totals = await request(sink.child, { type: 'totals' });
      if (totals.frames >= target) break;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const count = Math.ceil(framesPerBlock / frames.length) * frames.length;
    return {
      wallUsPerFrame: ((epochMs() - t0) * 1000) / count,
      sendCpuUsPerFrame: (c1 - c0) / count,
      cpuUsPerFrame: (cpuMicros() - c0) / count,
    };
  }

  const pools = Object.fromEntries(
    frameSizes.map((bytes) => [bytes, pcmFrames(50, bytes)]),
  );
  const samples = Object.fromEntries(frameSizes.map((bytes) => [bytes, []]));
  for (let round = 0; round < rounds + 1; round++) {
    for (const bytes of frameSizes) {
      const measured = await block(pools[bytes]);
      if (round > 0) samples[bytes].push(measured); // round 0 warms up the JIT and the socket
    }
  }
  const reliability = client.reliability?.();
  client.close();
  sink.child.kill();
  const result = {};
  for (const bytes of frameSizes) {
    result[bytes] = {
      cpuUsPerFrame: median(samples[bytes].map((s) => s.cpuUsPerFrame)),
      wallUsPerFrame: median(samples[bytes].map((s) => s.wallUsPerFrame)),
      cpuRounds: samples[bytes].map((s) => s.cpuUsPerFrame),
    };
  }
  sendResult({
    impl,
    bufferutil: bufferutilLoaded(),
    perFrameSize: result,
    reliability,
  });
});
