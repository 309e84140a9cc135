/**
 * A loopback TCP proxy in front of a test server, to fail the network the way it fails: stop listening and
 * come back on the same port (ECONNREFUSED meanwhile), answer the WebSocket handshake with an HTTP error,
 * or cut one chosen connection of several (both directions destroyed, no close frame).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** `ws://127.0.0.1:PORT` + the path of the target URL. */
  url: string;
  port: number;
  /** What a new connection gets: forwarded, or an HTTP error status instead of the upgrade. */
  mode: 'forward' | { httpStatus: number };
  /** Connections accepted so far, in order (cut ones included). */
  readonly connections: ReadonlyArray<{ cut(): void; closed: boolean }>;
  /** Stops listening and cuts every open connection: the host refuses connections. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];

/** Closes every proxy started since the last call (call it from afterEach). */
export async function closeProxies(): Promise<void> {
  for (const cleanup of cleanups.splice(0)) await cleanup();
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port);
  const open = new Set<Socket>();
  const connections: Array<{ cut(): void; closed: boolean }> = [];
  let server: Server | undefined;
  let port = 0;

  const onConnection = (client: Socket) => {
    const entry = { closed: false, cut: () => {} };
    connections.push(entry);
    const mode = proxy.mode;
    if (mode !== 'forward') {
      // Read the request, then answer it with the error status, as a load balancer in trouble does.
      client.once('data', () => {
        client.end(
          `HTTP/1.1 ${mode.httpStatus} Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
        );
      });
      client.on('error', () => {});
      client.on('close', () => (entry.closed = true));
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    entry.cut = () => {
      client.destroy();
      upstream.destroy();
    };
    const closed = () => {
      entry.closed = true;
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', closed);
    upstream.on('error', closed);
    client.on('close', closed);
    upstream.on('close', closed);
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer(onConnection);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  const stop = async () => {
    const s = server;
    server = undefined;
    for (const socket of open) socket.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await listen();
  const proxy: TcpProxy = {
    url: `ws://127.0.0.1:${port}${target.pathname}${target.search}`,
    port,
    mode: 'forward',
    connections,
    stop,
    start: listen,
  };
  cleanups.push(stop);
  return proxy;
}
