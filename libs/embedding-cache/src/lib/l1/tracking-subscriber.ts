import { withDeadline } from '@rag/config-kit';
import { ReplyError } from 'ioredis';
import type { Redis, RedisOptions } from 'ioredis';
import type { InvalidationSource } from '../interfaces/invalidation-source.interface';
import { reconnectDelay } from '../redis/build-connection-options.util';
import { describeConnectionError } from '../redis/describe-connection-error.util';
import { ReadyWatchdog } from '../redis/ready-watchdog';

/** The Pub/Sub channel on which Redis publishes invalidations to a RESP2 connection (`CLIENT TRACKING … REDIRECT`). */
export const INVALIDATION_CHANNEL = '__redis__:invalidate';

const INVALIDATION_CHANNEL_BYTES = Buffer.from(INVALIDATION_CHANNEL);

/** State of one server's tracking connection; see `L1ChannelState` for the channel as a whole. */
export type TrackingSubscriberState = 'connecting' | 'subscribed' | 'down' | 'refused';

/** Settings of `TrackingSubscriber`. */
export interface TrackingSubscriberSettings {
  /** Key prefix; changes of keys under `<prefix>:` are reported. */
  prefix: string;
  /** Time budget of each command that sets the connection up (CLIENT ID, CLIENT TRACKING, SUBSCRIBE). */
  setupBudgetMs: number;
  /** Interval of the heartbeat PING. */
  heartbeatMs: number;
  /** A PING unanswered this long recycles the connection. */
  heartbeatTimeoutMs: number;
  /** Longest time from TCP connect to `ready` before the connection is recycled. */
  readyTimeoutMs: number;
  /** After a refusal (Redis before 6, an ACL), how long until a fresh connection asks again. */
  refusedRetryMs: number;
  /** Monotonic clock in milliseconds. @default performance.now */
  now?: () => number;
}

/** What a `TrackingSubscriber` reports to its channel. */
export interface TrackingSubscriberListener {
  /**
   * The connection subscribed (again, when `resumed`): changes may have been missed before, and
   * every change after `syncedAt` will be reported.
   */
  synced(subscriber: TrackingSubscriber, resumed: boolean): void;
  /** A heartbeat came back: every change before the new `syncedAt` has been reported. */
  heartbeat(): void;
  /** Redis reported `keys` changed; `null` when it was flushed. */
  invalidated(keys: string[] | null): void;
  /** `state` changed for another reason than a sync. */
  changed(): void;
}

/**
 * Options of the cache's own tracking connections, over the borrowed client's: fail fast like
 * every connection of the cache, reconnect with the same backoff, and never renew the
 * subscription by itself: `CLIENT TRACKING … REDIRECT <id>` must precede `SUBSCRIBE` on every new
 * connection, since the redirect names the connection's own id.
 */
const OWN_CONNECTION_OPTIONS: RedisOptions = {
  lazyConnect: false,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  retryStrategy: reconnectDelay,
  autoResubscribe: false,
  autoResendUnfulfilledCommands: false,
  readOnly: false,
};

/**
 * One connection of the cache's own to one Redis server, on which that server reports every
 * change of a key under the prefix: `CLIENT TRACKING ON REDIRECT <its own id> BCAST PREFIX
 * <prefix>:` then `SUBSCRIBE __redis__:invalidate`, the RESP2 form (ioredis 5 speaks RESP2 only;
 * Redis accepts a connection redirecting to itself). Redis reports overwrites, deletions,
 * expiries and evictions, and a flush as `null`.
 *
 * A heartbeat PING proves the connection still delivers: its reply follows every invalidation
 * sent before it, so `syncedAt` moves to the time the PING was sent. A PING unanswered for
 * `heartbeatTimeoutMs` recycles the connection; every new connection subscribes again and
 * reports `synced`, since changes made meanwhile were not reported. Never throws; logs nothing
 * (the channel logs once per state change).
 */
export class TrackingSubscriber {
  private connection: Redis | undefined;
  private current: TrackingSubscriberState = 'connecting';
  private error: string | undefined;
  private synced = -Infinity;
  private everSynced = false;
  private pingSentAt: number | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Counts closes: a setup begun on an earlier connection must not act on a later one. */
  private generation = 0;
  private readonly watchdog: ReadyWatchdog;
  private readonly now: () => number;

  constructor(
    readonly source: InvalidationSource,
    private readonly settings: TrackingSubscriberSettings,
    private readonly listener: TrackingSubscriberListener,
  ) {
    this.now = settings.now ?? (() => performance.now());
    this.watchdog = new ReadyWatchdog(settings.readyTimeoutMs, () => this.recycleStalled());
  }

  /** Current state. */
  get state(): TrackingSubscriberState {
    return this.current;
  }

  /** Why the connection is not subscribed, if known. */
  get lastError(): string | undefined {
    return this.error;
  }

  /** Every change this server made before this time (a `now()` value) has been reported; `-Infinity` before the first subscription. */
  get syncedAt(): number {
    return this.synced;
  }

  /** Opens the connection; it subscribes on every `ready`. */
  start(): void {
    let connection: Redis;
    try {
      connection = this.source.open(OWN_CONNECTION_OPTIONS);
    } catch (error) {
      // Not a Redis fault, but boot must not fail over an optimisation: the L1 just stays unvouched.
      this.error = `could not open a connection: ${describeConnectionError(error)}`;
      this.setState('down');
      return;
    }
    this.connection = connection;
    connection.on('connect', () => this.watchdog.arm());
    connection.on('ready', () => {
      this.watchdog.clear();
      void this.subscribe(connection);
    });
    connection.on('error', (error: unknown) => void (this.error = describeConnectionError(error)));
    connection.on('close', () => this.onClose());
    connection.on('messageBuffer', (channel: Buffer, payload: unknown) => this.onMessage(channel, payload));
    this.heartbeat = setInterval(() => this.beat(), this.settings.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Closes the connection (it is the cache's own) and stops its timers. */
  stop(): void {
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.retry) clearTimeout(this.retry);
    this.watchdog.clear();
    // The listeners stay: a late socket error must still find its 'error' listener.
    this.connection?.disconnect();
  }

  private async subscribe(connection: Redis): Promise<void> {
    const budget = this.settings.setupBudgetMs;
    const generation = this.generation;
    const outdated = (): boolean => this.stopped || generation !== this.generation;
    try {
      const id = await withDeadline(connection.client('ID'), budget);
      await withDeadline(
        connection.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', String(id), 'BCAST', 'PREFIX', `${this.settings.prefix}:`),
        budget,
      );
      const sentAt = this.now();
      await withDeadline(connection.subscribe(INVALIDATION_CHANNEL), budget);
      if (outdated() || connection.status !== 'ready') return;
      this.synced = sentAt;
      this.pingSentAt = undefined;
      this.error = undefined;
      this.current = 'subscribed';
      const resumed = this.everSynced;
      this.everSynced = true;
      this.listener.synced(this, resumed);
    } catch (error) {
      if (outdated()) return;
      this.error = describeConnectionError(error);
      if (error instanceof ReplyError) {
        this.setState('refused');
        // A refusal lasts until an operator acts (an ACL, an old Redis): ask again now and then, on a fresh connection.
        this.retry = setTimeout(() => connection.disconnect(true), this.settings.refusedRetryMs);
        this.retry.unref();
      } else {
        this.setState('down');
        connection.disconnect(true);
      }
    }
  }

  private onMessage(channel: Buffer, payload: unknown): void {
    if (!INVALIDATION_CHANNEL_BYTES.equals(channel)) return;
    if (payload === null) this.listener.invalidated(null);
    else if (Array.isArray(payload)) this.listener.invalidated(payload.map((key: Buffer) => key.toString()));
    else if (Buffer.isBuffer(payload)) this.listener.invalidated([payload.toString()]);
  }

  private beat(): void {
    const connection = this.connection;
    if (this.stopped || this.current !== 'subscribed' || !connection) return;
    const now = this.now();
    if (this.pingSentAt !== undefined) {
      if (now - this.pingSentAt <= this.settings.heartbeatTimeoutMs) return;
      this.error = `no answer to PING within ${this.settings.heartbeatTimeoutMs} ms`;
      this.pingSentAt = undefined;
      this.setState('down');
      connection.disconnect(true);
      return;
    }
    this.pingSentAt = now;
    connection.ping().then(
      () => {
        if (this.pingSentAt !== now || this.current !== 'subscribed') return;
        this.pingSentAt = undefined;
        this.synced = now;
        this.listener.heartbeat();
      },
      // A failed PING stays pending: the next beats recycle the connection.
      () => undefined,
    );
  }

  private onClose(): void {
    this.generation += 1;
    this.watchdog.clear();
    this.pingSentAt = undefined;
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    if (this.stopped) return;
    this.error ??= 'connection closed';
    // A refusal stands until a connection subscribes.
    if (this.current !== 'refused') this.setState('down');
  }

  /** Drops a connection that never became ready; ioredis reconnects with its backoff. */
  private recycleStalled(): void {
    const connection = this.connection;
    if (this.stopped || connection?.status !== 'connect') return;
    this.error = `connected, but Redis did not answer within ${this.settings.readyTimeoutMs} ms`;
    connection.disconnect(true);
  }

  private setState(state: TrackingSubscriberState): void {
    if (state === this.current) return;
    this.current = state;
    this.listener.changed();
  }
}
