import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

/** What the proxy does with traffic. */
export type TcpProxyMode =
  /** Forwards both ways, after `latencyMs`. */
  | 'forward'
  /** Accepts connections and reads everything, but never forwards or answers. */
  | 'blackhole';

/**
 * A TCP proxy on a free loopback port in front of `127.0.0.1:<target>`, for faults that signals
 * cannot produce: latency, a cut connection, a refused port, a peer that accepts but never answers.
 */
export interface TcpProxy {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** Delay added to every chunk in both directions (order kept). */
  setLatency(ms: number): void;
  /** Switches between forwarding and black-holing, for open and new connections alike. */
  setMode(mode: TcpProxyMode): void;
  /** Destroys every open connection (both sides); new ones are still accepted. */
  cut(): void;
  /** Cuts every connection and stops listening: connects are refused until `accept`. */
  refuse(): Promise<void>;
  /** Listens again on the same port after `refuse`. */
  accept(): Promise<void>;
  /** Number of client connections currently open. */
  connections(): number;
  /** Closes everything. */
  close(): Promise<void>;
}

/** Starts a proxy to `127.0.0.1:<targetPort>` on a free loopback port. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let latencyMs = 0;
  let mode: TcpProxyMode = 'forward';
  const pairs = new Set<[Socket, Socket]>();

  const relay = (from: Socket, to: Socket): void => {
    // Chunks are released in order: each waits for the later of its own delay and the previous chunk.
    let lastRelease = 0;
    from.on('data', (chunk) => {
      if (mode === 'blackhole') return;
      const releaseAt = Math.max(Date.now() + latencyMs, lastRelease);
      lastRelease = releaseAt;
      const send = (): void => {
        if (mode === 'forward' && !to.destroyed) to.write(chunk);
      };
      const wait = releaseAt - Date.now();
      if (wait <= 0) send();
      else setTimeout(send, wait);
    });
  };

  const onConnection = (client: Socket): void => {
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const teardown = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', teardown);
    upstream.on('error', teardown);
    client.on('close', teardown);
    upstream.on('close', teardown);
    relay(client, upstream);
    relay(upstream, client);
  };

  let server: Server = createServer(onConnection);
  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  const port = await listen(0);

  const cut = (): void => {
    for (const [client, upstream] of pairs) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };
  const stopListening = (): Promise<void> =>
    new Promise((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });

  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    setLatency(ms) {
      latencyMs = ms;
    },
    setMode(next) {
      mode = next;
    },
    cut,
    async refuse() {
      const closed = stopListening();
      cut();
      await closed;
    },
    async accept() {
      if (server.listening) return;
      server = createServer(onConnection);
      await listen(port);
    },
    connections: () => pairs.size,
    async close() {
      const closed = stopListening();
      cut();
      await closed;
    },
  };
}
