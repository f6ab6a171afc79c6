import { createServer, connect } from 'node:net';
import type { Server, Socket } from 'node:net';
import { once } from 'node:events';
import { createHash } from 'node:crypto';

/** A PostgreSQL wire-protocol front that shares one upstream session among many clients. */
export interface PgMultiplexer {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres`. */
  url: string;
  close(): Promise<void>;
}

const SSL_REQUEST = 80_877_103;
const GSS_REQUEST = 80_877_104;

/** Splits a byte stream into complete protocol messages (type byte + int32 length + body). */
class Framer {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    while (this.buffer.length >= 5) {
      const length = this.buffer.readInt32BE(1) + 1;
      if (this.buffer.length < length) break;
      frames.push(this.buffer.subarray(0, length));
      this.buffer = this.buffer.subarray(length);
    }
    return frames;
  }
}

function message(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function startupMessage(params: Record<string, string>): Buffer {
  const pairs = Object.entries(params).map(([k, v]) => `${k}\0${v}\0`).join('');
  const body = Buffer.from(`${pairs}\0`, 'utf8');
  const head = Buffer.alloc(8);
  head.writeInt32BE(body.length + 8, 0);
  head.writeInt32BE(196_608, 4);
  return Buffer.concat([head, body]);
}

/** PasswordMessage answering an MD5 challenge, for user postgres and an empty password. */
function md5PasswordMessage(salt: Buffer): Buffer {
  const inner = createHash('md5').update('postgres').digest('hex');
  const outer = createHash('md5').update(inner).update(salt).digest('hex');
  return message('p', Buffer.from(`md5${outer}\0`));
}

interface Client {
  socket: Socket;
  pending: Buffer[];
}

/**
 * Test infrastructure. `@electric-sql/pglite-socket` serves one PostgreSQL session: statements of
 * several connections interleave in it, which corrupts the extended-protocol exchanges of
 * concurrent clients (they hang). This front accepts any number of connections, answers their
 * start-up itself, and lends the single upstream session to one client at a time, from its first
 * message until the server reports "idle, not in a transaction" (ReadyForQuery 'I') — what a
 * transaction-mode connection pooler does. Enough for the `pg` driver (unnamed statements only);
 * not a general pooler: no cancel requests, no named prepared statements across turns.
 * No library does this for PGlite; pgbouncer is not available here.
 */
export async function startPgMultiplexer(upstreamHost: string, upstreamPort: number): Promise<PgMultiplexer> {
  const upstream = connect(upstreamPort, upstreamHost);
  await once(upstream, 'connect');
  upstream.setNoDelay(true);
  const upstreamFramer = new Framer();
  const parameterStatus: Buffer[] = [];
  const queue: Client[] = [];
  let owner: Client | undefined;
  let ready = false;
  let readyResolve: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => (readyResolve = resolve));
  // Replies to a ROLLBACK we send for a client that left mid-transaction: swallowed.
  let swallowUntilReady = false;

  const next = (): void => {
    while (!owner && queue.length > 0) {
      const candidate = queue[0];
      if (candidate.pending.length === 0) {
        queue.shift();
        continue;
      }
      owner = candidate;
      queue.shift();
      for (const frame of owner.pending.splice(0)) upstream.write(frame);
    }
  };

  upstream.on('data', (chunk: Buffer) => {
    for (const frame of upstreamFramer.push(chunk)) {
      const type = String.fromCharCode(frame[0]);
      if (!ready) {
        // pglite-socket asks for a password (MD5, any is accepted) like a real server would.
        if (type === 'R' && frame.readInt32BE(5) === 5) upstream.write(md5PasswordMessage(frame.subarray(9, 13)));
        if (type === 'R' && frame.readInt32BE(5) === 3) upstream.write(message('p', Buffer.from('\0')));
        if (type === 'S') parameterStatus.push(Buffer.from(frame));
        if (type === 'Z') {
          ready = true;
          readyResolve();
        }
        continue;
      }
      if (swallowUntilReady) {
        if (type === 'Z') {
          swallowUntilReady = false;
          owner = undefined;
          next();
        }
        continue;
      }
      const current = owner;
      if (current && !current.socket.destroyed) current.socket.write(frame);
      if (type === 'Z' && frame[5] === 0x49 /* 'I' */) {
        owner = undefined;
        // The client may have sent more while it owned the session: it queues again.
        if (current && current.pending.length > 0 && !queue.includes(current)) queue.push(current);
        next();
      }
    }
  });
  upstream.on('error', () => undefined);
  upstream.write(startupMessage({ user: 'postgres', database: 'postgres', client_encoding: 'UTF8' }));
  await readyPromise;

  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const client: Client = { socket, pending: [] };
    const framer = new Framer();
    let started = false;
    let startup: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      if (!started) {
        startup = Buffer.concat([startup, chunk]);
        while (!started && startup.length >= 8) {
          const length = startup.readInt32BE(0);
          if (startup.length < length) return;
          const code = startup.readInt32BE(4);
          const rest = startup.subarray(length);
          if (code === SSL_REQUEST || code === GSS_REQUEST) {
            socket.write('N');
          } else {
            started = true;
            const auth = Buffer.alloc(4);
            socket.write(Buffer.concat([message('R', auth), ...parameterStatus, message('Z', Buffer.from('I'))]));
          }
          startup = rest;
        }
        if (!started || startup.length === 0) return;
        chunk = startup;
      }
      for (const frame of framer.push(chunk)) {
        if (frame[0] === 0x58 /* 'X' terminate */) {
          socket.end();
          return;
        }
        if (owner === client) upstream.write(frame);
        else {
          client.pending.push(Buffer.from(frame));
          if (!queue.includes(client)) queue.push(client);
        }
      }
      next();
    });
    const leave = (): void => {
      sockets.delete(socket);
      const at = queue.indexOf(client);
      if (at !== -1) queue.splice(at, 1);
      if (owner === client) {
        // Left in the middle of its turn: end whatever it started, then serve the others.
        swallowUntilReady = true;
        upstream.write(message('Q', Buffer.from('ROLLBACK\0')));
      }
    };
    socket.on('close', leave);
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      upstream.end(message('X'));
      upstream.destroy();
    },
  };
}
