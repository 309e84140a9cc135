// The sink for the outbound benchmark: a WebSocket server in its own process that counts audio appends
// (frames and bytes) and reports progress to its parent over IPC. It answers session.update just enough
// for a transport's connect() to finish (session.created on connect, session.updated on each update).
import { importWs } from './lib/resolve.mjs';
import { isAppend, sessionCreated, sessionUpdated } from './lib/events.mjs';
import { config, failLoudly, sendReady } from './lib/proc.mjs';

failLoudly(async () => {
  const { WebSocketServer } = await importWs();
  const every = config.progressEvery ?? 64;
  let frames = 0;
  let bytes = 0;
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', (socket) => {
    socket.send(JSON.stringify(sessionCreated()));
    socket.on('message', (data) => {
      if (isAppend(data)) {
        frames++;
        bytes += data.length;
        if (frames % every === 0) process.send({ frames, bytes });
        return;
      }
      const event = JSON.parse(data.toString());
      if (
        event.type === 'session.update' ||
        event.type === 'transcription_session.update'
      ) {
        socket.send(JSON.stringify(sessionUpdated()));
      }
    });
  });
  await new Promise((resolve) => wss.once('listening', resolve));
  process.on('message', (message) => {
    if (message?.type === 'totals')
      process.send({ frames, bytes, id: message.id });
  });
  process.on('disconnect', () => process.exit(0));
  sendReady({
    url: `ws://127.0.0.1:${wss.address().port}/v1/realtime?intent=transcription`,
  });
});
