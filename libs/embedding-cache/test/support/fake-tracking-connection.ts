import type * as timers from 'node:timers';
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { InvalidationSource } from '../../src/lib/interfaces/invalidation-source.interface';
import { createDeferred } from '../../src/lib/utils/create-deferred.util';
import type { Deferred } from '../../src/lib/interfaces/deferred.interface';

/**
 * A stand-in for the ioredis connection a `TrackingSubscriber` opens: the test emits its events
 * (`ready`, `close`, `messageBuffer`) and settles its commands when it chooses.
 */
export class FakeTrackingConnection extends EventEmitter {
  status = 'connecting';
  readonly commands: string[][] = [];
  /** Replies the test settles; by default every command succeeds at once. */
  readonly pending: Array<{ command: string[]; reply: Deferred<unknown> }> = [];
  holdReplies = false;
  clientId = 7;
  failWith: ((command: string[]) => Error | undefined) | undefined;
  disconnects: boolean[] = [];

  client(...args: string[]): Promise<unknown> {
    return this.send(['CLIENT', ...args], this.clientId);
  }

  call(...args: string[]): Promise<unknown> {
    return this.send(args, 'OK');
  }

  subscribe(channel: string): Promise<unknown> {
    return this.send(['SUBSCRIBE', channel], 1);
  }

  ping(): Promise<unknown> {
    return this.send(['PING'], ['pong', '']);
  }

  disconnect(reconnect = false): void {
    this.disconnects.push(reconnect);
    this.status = reconnect ? 'reconnecting' : 'end';
  }

  /** Emits `ready` and lets the microtasks of the setup run. */
  async becomeReady(): Promise<void> {
    this.status = 'ready';
    this.emit('ready');
    await flush();
  }

  /** Emits `close`. */
  lose(): void {
    this.status = 'reconnecting';
    this.emit('close');
  }

  /** An invalidation message: keys, or `null` for a flush. */
  invalidate(keys: string[] | null, channel = '__redis__:invalidate'): void {
    this.emit('messageBuffer', Buffer.from(channel), keys === null ? null : keys.map((key) => Buffer.from(key)));
  }

  private send(command: string[], value: unknown): Promise<unknown> {
    this.commands.push(command);
    const error = this.failWith?.(command);
    if (error) return Promise.reject(error);
    if (!this.holdReplies) return Promise.resolve(value);
    const reply = createDeferred<unknown>();
    this.pending.push({ command, reply });
    return reply.promise;
  }
}

/** A source whose `open` hands out a fresh fake connection, remembering every one. */
export function fakeSource(id: string): InvalidationSource & { connections: FakeTrackingConnection[]; overrides: unknown[] } {
  const connections: FakeTrackingConnection[] = [];
  const overrides: unknown[] = [];
  return {
    id,
    connections,
    overrides,
    open: (options) => {
      overrides.push(options);
      const connection = new FakeTrackingConnection();
      connections.push(connection);
      return connection as unknown as Redis;
    },
  };
}

/** Lets pending promise callbacks run (a few rounds of microtasks). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
  // One turn of the real event loop too: withDeadline rejects a turn after its (fake) timer fires.
  await new Promise<void>((resolve) => realSetImmediate(() => resolve()));
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

/** Node's own setImmediate, which fake timers do not replace. */
const realSetImmediate = jest.requireActual<typeof timers>('node:timers').setImmediate;
