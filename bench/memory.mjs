// Benchmark 4, memory over a long session: hours of audio, accelerated. One client on a scripted
// in-process socket (lib/scripted-socket.mjs): 100 ms PCM16 frames go out as fast as the transport
// takes them, and after every 1.8 s of audio the "server" delivers one turn (committed, item added,
// 5 deltas, completed). heapUsed is sampled after a full GC (--expose-gc) every `sampleEveryMin`
// minutes of audio, and a least-squares slope is fitted over the samples after the first tenth.
// Modes: transport (nothing above the transport: its own retention, the target is a flat heap) and
// session (a RealtimeSession on top: its history keeps every turn by design, so the slope there is
// the cost per history item, reported per turn).
import { config, failLoudly, sendResult } from './lib/proc.mjs';
import { scriptedClient } from './lib/clients.mjs';
import { heapAfterGc } from './lib/clock.mjs';
import { pcmFrames, turnEvents } from './lib/events.mjs';
import { linearFit } from './lib/stats.mjs';

const { mode, audioHours, sampleEveryMin = 5 } = config;
const FRAMES_PER_TURN = 18;
const FRAMES_PER_MIN = 600;

failLoudly(async () => {
  const { transport, socket } = await scriptedClient({
    withSession: mode === 'session',
  });
  const frames = pcmFrames(8, 4800, 0.3);
  const totalFrames = Math.round(audioHours * 60 * FRAMES_PER_MIN);
  const sampleEvery = sampleEveryMin * FRAMES_PER_MIN;
  const samples = [];
  let previous = null;
  let turns = 0;
  for (let f = 0; f < totalFrames; f++) {
    transport.sendAudio(frames[f % frames.length]);
    if ((f + 1) % FRAMES_PER_TURN === 0) {
      const id = `item_${turns++}`;
      for (const data of turnEvents(id, previous)) socket.deliver(data);
      previous = id;
    }
    if (f % sampleEvery === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      samples.push({
        hours: f / FRAMES_PER_MIN / 60,
        turns,
        heapUsed: heapAfterGc(),
      });
    }
  }
  samples.push({ hours: audioHours, turns, heapUsed: heapAfterGc() });
  const steady = samples.slice(Math.max(1, Math.floor(samples.length / 10)));
  const fit = linearFit(
    steady.map((s) => s.hours),
    steady.map((s) => s.heapUsed),
  );
  const turnsPerHour = turns / audioHours;
  transport.close();
  sendResult({
    mode,
    audioHours,
    turns,
    framesSent: socket.sentFrames,
    heapStartMiB: steady[0].heapUsed / 2 ** 20,
    heapEndMiB: samples.at(-1).heapUsed / 2 ** 20,
    slopeKiBPerHour: fit.slope / 1024,
    bytesPerTurn: fit.slope / turnsPerHour,
    samples: samples.map((s) => [Number(s.hours.toFixed(3)), s.heapUsed]),
  });
});
