// The transcription simulator (@agents-transcription/transport/testing) in its own process, for the
// concurrency benchmark. It reports, on request, when it sent each `completed` event on the shared
// clock (performance.timeOrigin + the log's performance.now()), so the client can compute latency.
import { performance } from 'node:perf_hooks';
import { importTesting } from './lib/resolve.mjs';
import { cpuMicros, epochMs } from './lib/clock.mjs';
import { config, failLoudly, sendReady, serveRequests } from './lib/proc.mjs';

const COMPLETED = 'conversation.item.input_audio_transcription.completed';

failLoudly(async () => {
  const { createTranscriptionServerSimulator } = await importTesting();
  const sim = await createTranscriptionServerSimulator({
    completionDelayMs: config.completionDelayMs ?? 150,
    transcripts: (turn) =>
      `turn ${turn.index} of connection ${turn.connectionId}`,
  });
  const sentAt = [];
  let scanned = 0;
  // The simulator logs every frame, audio included; harvest what the benchmark needs and, when the log
  // is a plain array, drop what was read so a long run does not measure the simulator's log growth.
  const harvest = () => {
    const log = sim.log;
    for (let i = scanned; i < log.length; i++) {
      const entry = log[i];
      if (entry.direction === 'server' && entry.event.type === COMPLETED) {
        sentAt.push([entry.event.item_id, performance.timeOrigin + entry.at]);
      }
    }
    scanned = log.length;
    if (config.trimLog && Array.isArray(log) && !Object.isFrozen(log)) {
      try {
        log.length = 0;
        scanned = 0;
      } catch {
        // a read-only log: keep reading incrementally
      }
    }
  };
  const timer = setInterval(harvest, 50);
  let lastElu = performance.eventLoopUtilization();
  serveRequests({
    completions: () => {
      harvest();
      return { sentAt: sentAt.splice(0) };
    },
    stats: () => {
      const elu = performance.eventLoopUtilization(lastElu).utilization;
      lastElu = performance.eventLoopUtilization();
      return {
        cpuMicros: cpuMicros(),
        at: epochMs(),
        elu,
        rss: process.memoryUsage().rss,
      };
    },
    close: async () => {
      clearInterval(timer);
      await sim.close();
      setTimeout(() => process.exit(0), 10);
      return {};
    },
  });
  process.on('disconnect', () => process.exit(0));
  sendReady({ url: sim.url });
});
