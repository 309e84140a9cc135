// Benchmark 4, memory over a long session: hours of audio, accelerated. One client on a scripted
// in-process socket (lib/scripted-socket.mjs): 100 ms PCM16 frames go out as fast as the transport
// takes them, and after every 1.8 s of audio the "server" delivers one turn (committed, item added,
// 5 deltas, completed). heapUsed is sampled after a full GC (--expose-gc) every `sampleEveryMin`
// minutes of audio. Two least-squares slopes are reported, because the transport's heap is not a straight
// line: it remembers settled items up to a bound (`reliability.trackedItems`: 1 000 until aa3afca, 64
// since), so it grows for the first bound-many turns (1 000 turns ≈ 0.55 audio hours) and is meant to be
// flat after. `slopeAll` fits every sample after
// the first tenth; `slopeSteady` fits the second half of the run only (past that bound when the run is
// long enough: the quick run does 1.5 h, the full run 4 h), and it is the one the target is judged on.
// The transport runs with its defaults (replay buffer, watchdog, liveness...), as users get it.
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
  const turnsPerHour = turns / audioHours;
  const fitOf = (list) => {
    const fit = linearFit(
      list.map((s) => s.hours),
      list.map((s) => s.heapUsed),
    );
    return {
      fromHours: list[0].hours,
      samples: list.length,
      kiBPerHour: fit.slope / 1024,
      bytesPerTurn: fit.slope / turnsPerHour,
      residualKiB: fit.residual / 1024,
    };
  };
  const all = fitOf(
    samples.slice(Math.max(1, Math.floor(samples.length / 10))),
  );
  const steady = fitOf(samples.slice(Math.floor(samples.length / 2)));
  const reliability = transport.reliability;
  transport.close();
  sendResult({
    mode,
    audioHours,
    turns,
    framesSent: socket.sentFrames,
    heapStartMiB: samples[1].heapUsed / 2 ** 20,
    heapMidMiB: samples[Math.floor(samples.length / 2)].heapUsed / 2 ** 20,
    heapEndMiB: samples.at(-1).heapUsed / 2 ** 20,
    slopeAll: all,
    slopeSteady: steady,
    reliability,
    samples: samples.map((s) => [Number(s.hours.toFixed(3)), s.heapUsed]),
  });
});
