// A WebSocket server for the load generator that never reads what it does not need: frames over
// `smallFrameMax` bytes (the client's audio appends) are skipped without being unmasked, copied,
// validated or emitted; only small frames (session.update, pings, close) are unmasked and handled.
// Sends are unmasked text frames written straight to the socket. RFC 6455 framing, the opening
// handshake with Sec-WebSocket-Accept (and the first offered subprotocol echoed), pings answered with
// pongs (the transport's liveness check), close answered with close. Loopback benchmarking only:
// there are no limits, no validation and no extensions here.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Encodes one unmasked server frame (`opcode` 0x1 text by default). */
function frame(payload, opcode = 0x1) {
  const length = payload.length;
  const head = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const out = Buffer.allocUnsafe(head + length);
  out[0] = 0x80 | opcode;
  if (head === 2) out[1] = length;
  else if (head === 4) {
    out[1] = 126;
    out.writeUInt16BE(length, 2);
  } else {
    out[1] = 127;
    out.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(out, head);
  return out;
}

class Connection {
  /** Bytes of the current large frame still to skip. */
  skip = 0;
  /** The current header, collected byte by byte (at most 14 bytes). */
  header = Buffer.alloc(14);
  headerLength = 0;
  /** A small frame being collected: its opcode, mask, payload parts and bytes still missing. */
  small = null;
  open = true;

  constructor(socket, handlers, smallFrameMax) {
    this.socket = socket;
    this.handlers = handlers;
    this.smallFrameMax = smallFrameMax;
  }

  sendText(text) {
    if (this.open) this.socket.write(frame(Buffer.from(text)));
  }

  feed(chunk) {
    let off = 0;
    const n = chunk.length;
    while (off < n) {
      if (this.skip > 0) {
        const k = Math.min(this.skip, n - off);
        this.skip -= k;
        off += k;
        continue;
      }
      if (this.small) {
        const k = Math.min(this.small.need, n - off);
        this.small.parts.push(chunk.subarray(off, off + k));
        this.small.need -= k;
        off += k;
        if (this.small.need === 0) this.#finishSmall();
        continue;
      }
      this.header[this.headerLength++] = chunk[off++];
      if (this.headerLength < 2) continue;
      const len7 = this.header[1] & 0x7f;
      const masked = (this.header[1] & 0x80) !== 0;
      const need =
        2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (masked ? 4 : 0);
      if (this.headerLength < need) continue;
      const length =
        len7 === 126
          ? this.header.readUInt16BE(2)
          : len7 === 127
            ? Number(this.header.readBigUInt64BE(2))
            : len7;
      const opcode = this.header[0] & 0x0f;
      const mask = masked
        ? Buffer.from(this.header.subarray(need - 4, need))
        : null;
      this.headerLength = 0;
      if (length > this.smallFrameMax) {
        if (opcode !== 0x0) this.handlers.onLargeFrame(this);
        this.skip = length;
        continue;
      }
      this.small = { opcode, mask, parts: [], need: length };
      if (length === 0) this.#finishSmall();
    }
  }

  #finishSmall() {
    const { opcode, mask, parts } = this.small;
    this.small = null;
    const payload = Buffer.concat(parts);
    if (mask)
      for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
    if (opcode === 0x1) this.handlers.onText(this, payload.toString());
    else if (opcode === 0x9) this.socket.write(frame(payload, 0xa));
    else if (opcode === 0x8) {
      if (this.open) this.socket.end(frame(payload.subarray(0, 2), 0x8));
      this.open = false;
    }
  }
}

/**
 * Starts the server on 127.0.0.1 (a free port). `handlers`: `onOpen(connection)`, `onText(connection,
 * text)` for small text frames, `onLargeFrame(connection)` for each skipped frame, `onClose(connection)`.
 * Resolves with `{ port, close() }`.
 */
export async function startFrameSkippingServer(
  handlers,
  { smallFrameMax = 4096 } = {},
) {
  const connections = new Set();
  const server = createServer((_req, res) => res.writeHead(426).end());
  server.on('upgrade', (req, socket, head) => {
    const key = req.headers['sec-websocket-key'];
    const accept = createHash('sha1').update(`${key}${GUID}`).digest('base64');
    const protocol = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')[0]
      .trim();
    socket.setNoDelay(true);
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n` +
        (protocol ? `Sec-WebSocket-Protocol: ${protocol}\r\n` : '') +
        '\r\n',
    );
    const connection = new Connection(socket, handlers, smallFrameMax);
    connections.add(connection);
    const closed = () => {
      if (!connections.delete(connection)) return;
      connection.open = false;
      handlers.onClose?.(connection);
    };
    socket.on('data', (chunk) => connection.feed(chunk));
    socket.on('close', closed);
    socket.on('error', closed);
    handlers.onOpen(connection);
    if (head.length > 0) connection.feed(head);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    close: () =>
      new Promise((resolve) => {
        for (const connection of connections) connection.socket.destroy();
        server.close(() => resolve());
      }),
  };
}
