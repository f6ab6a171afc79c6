import type { Logger } from '@nestjs/common';
import { ReplyError } from 'ioredis';
import type { Redis } from 'ioredis';
import type { CacheOperation, EmbeddingCacheMetrics } from '../embedding-cache.metrics';
import type { CacheClient } from '../interfaces/cache-client.interface';
import type { CacheConnectionState } from '../interfaces/cache-connection-state.interface';
import { CircuitBreaker } from './circuit-breaker';
import { groupKeysByNode, isCluster } from './group-keys-by-node.util';
import { withDeadline } from './with-deadline.util';

/** Outcome of a guarded Redis call: the reply, or the fact that Redis could not be used. */
export type CallOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

/** Outcome of a call fanned out over nodes: one value per key, `undefined` where its node failed. */
export interface PerKeyOutcome<T> {
  readonly values: Array<T | undefined>;
  /** `true` when Redis could not be used for at least one key (down, skipped, timed out, error). */
  readonly faulted: boolean;
}

/** Error replies that mean the credentials or the ACL are wrong: worth a hint in the log. */
const AUTH_ERRORS = /^(WRONGPASS|NOAUTH|NOPERM)\b/;

/** Result of a health ping. */
export type PingOutcome =
  | { readonly ok: true; readonly latencyMs: number }
  | { readonly ok: false; readonly reason: string };

/** Settings of `CacheConnection`. */
export interface CacheConnectionSettings {
  timeoutMs: number;
  breakerThreshold: number;
  probeIntervalMs: number;
  /** Longest time from TCP connect to `ready` before the connection is recycled. */
  readyTimeoutMs: number;
}

const UNAVAILABLE: CallOutcome<never> = { ok: false };

/**
 * Wraps the borrowed ioredis client so that no Redis fault reaches a caller: every call is
 * skipped while the client is not ready or the circuit is open, bounded by a deadline otherwise,
 * and turned into `{ ok: false }` on any error. Logs once per state change, never per call.
 * It never closes the client: the client belongs to `@liaoliaots/nestjs-redis`.
 */
export class CacheConnection {
  private readonly breaker: CircuitBreaker;
  private probeTimer: NodeJS.Timeout | undefined;
  private readyWatchdog: NodeJS.Timeout | undefined;
  private probing = false;
  private lastError: string | undefined;
  private loggedState = 'connecting';
  private readonly loggedReplyErrors = new Set<string>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- ioredis types its listeners with any[]
  private readonly listeners: Array<[string, (...args: any[]) => void]> = [];

  constructor(
    private readonly client: CacheClient | undefined,
    private readonly settings: CacheConnectionSettings,
    private readonly logger: Logger,
    private readonly metrics: EmbeddingCacheMetrics,
  ) {
    this.breaker = new CircuitBreaker(settings.breakerThreshold, (open) => this.onBreakerChange(open));
    if (!client) {
      this.loggedState = 'disabled';
      return;
    }
    this.listen('connect', () => this.armReadyWatchdog());
    this.listen('ready', () => {
      this.clearReadyWatchdog();
      this.lastError = undefined;
      this.loggedReplyErrors.clear();
      this.breaker.recordSuccess();
      this.logStateChange();
    });
    const onError = (error: Error): void => {
      this.lastError = describeConnectionError(error);
      this.logStateChange();
    };
    this.listen('error', onError);
    // A Cluster reports a failing node here, and only a failure of every node as 'error'.
    this.listen('node error', onError);
    this.listen('close', () => {
      this.clearReadyWatchdog();
      this.lastError ??= 'connection closed';
      this.logStateChange();
    });
    this.listen('end', () => this.logStateChange());
    this.logStateChange();
  }

  /** Current state, derived from the client status and the breaker. */
  state(): CacheConnectionState {
    if (!this.client) return 'disabled';
    if (this.client.status !== 'ready') return 'connecting';
    return this.breaker.isOpen ? 'circuit_open' : 'ready';
  }

  /** Whether calls currently go to Redis. */
  available(): boolean {
    return this.client !== undefined && this.client.status === 'ready' && !this.breaker.isOpen;
  }

  /**
   * Runs `fn` against the client within `budgetMs`. Returns at once with `{ ok: false }` while
   * Redis is unavailable. Timeouts and connection errors count towards opening the circuit;
   * error replies (OOM, NOPERM…) do not, since the server answered promptly.
   */
  async call<T>(op: CacheOperation, budgetMs: number, fn: (client: CacheClient) => Promise<T>): Promise<CallOutcome<T>> {
    if (!this.available()) return UNAVAILABLE;
    const client = this.client as CacheClient;
    const started = performance.now();
    try {
      const value = await withDeadline(fn(client), budgetMs);
      this.metrics.durationOf[op].observe((performance.now() - started) / 1000);
      this.breaker.recordSuccess();
      return { ok: true, value };
    } catch (error) {
      this.metrics.durationOf[op].observe((performance.now() - started) / 1000);
      this.onCallError(op, error);
      return UNAVAILABLE;
    }
  }

  /**
   * Runs `fn` once per node for the keys that node serves (see `groupKeysByNode`): one call on a
   * standalone Redis, one pipeline per node on a cluster, concurrently, each within
   * `budgetOf(itsKeys)`. `fn` resolves one value per key it was given (`undefined` for a key
   * whose command failed). A node that fails costs only its own keys.
   */
  async callPerNode<T>(
    op: CacheOperation,
    keys: readonly string[],
    budgetOf: (keys: readonly string[]) => number,
    fn: (client: CacheClient, keys: string[]) => Promise<Array<T | undefined>>,
  ): Promise<PerKeyOutcome<T>> {
    const values: Array<T | undefined> = new Array(keys.length).fill(undefined);
    if (keys.length === 0) return { values, faulted: false };
    if (!this.available()) return { values, faulted: true };
    const groups = groupKeysByNode(this.client as CacheClient, keys);
    const outcomes = await Promise.all(groups.map((group) => this.call(op, budgetOf(group.keys), (c) => fn(c, group.keys))));
    let faulted = false;
    outcomes.forEach((outcome, g) => {
      if (!outcome.ok) faulted = true;
      else groups[g].indexes.forEach((index, i) => (values[index] = outcome.value[i]));
    });
    return { values, faulted };
  }

  /** The connections to SCAN to see every key: the client itself, or each master of a cluster. */
  scanTargets(): Redis[] {
    if (!this.client) return [];
    return isCluster(this.client) ? this.client.nodes('master') : [this.client];
  }

  /** Whether the borrowed client is a Redis Cluster client. */
  isCluster(): boolean {
    return this.client !== undefined && isCluster(this.client);
  }

  /** PINGs Redis within the single-key timeout, bypassing the breaker. Never throws. */
  async ping(): Promise<PingOutcome> {
    if (!this.client) return { ok: false, reason: 'embedding cache is disabled' };
    if (this.client.status !== 'ready') {
      return { ok: false, reason: `Redis connection is ${this.client.status}${this.lastError ? `: ${this.lastError}` : ''}` };
    }
    const started = performance.now();
    try {
      await withDeadline(this.client.ping(), this.settings.timeoutMs);
      this.breaker.recordSuccess();
      return { ok: true, latencyMs: Math.round((performance.now() - started) * 1000) / 1000 };
    } catch (error) {
      return { ok: false, reason: describe(error) };
    }
  }

  /**
   * Waits until the client is ready, its first connection attempt fails, or `maxMs` passes,
   * whichever comes first, so that a healthy Redis serves the very first request while a
   * missing one delays boot by one refused connection at most. On a cluster it also opens the
   * connection to every master (ioredis opens them lazily, on a node's first command), so the
   * first batch is not failed by connection set-up.
   */
  async waitUntilSettled(maxMs: number): Promise<void> {
    const client = this.client;
    if (!client) return;
    const started = performance.now();
    if (client.status !== 'ready' && client.status !== 'end') {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          client.off('ready', done);
          client.off('error', done);
          client.off('end', done);
          resolve();
        };
        const timer = setTimeout(done, maxMs);
        client.once('ready', done);
        client.once('error', done);
        client.once('end', done);
      });
    }
    const left = maxMs - (performance.now() - started);
    if (isCluster(client) && client.status === 'ready' && left > 0) {
      await Promise.allSettled(client.nodes('master').map((node) => withDeadline(node.ping(), left)));
    }
  }

  /** Removes listeners and timers. The client itself is left open for its owner. */
  dispose(): void {
    this.stopProbe();
    this.clearReadyWatchdog();
    for (const [event, listener] of this.listeners) this.client?.off(event, listener);
    this.listeners.length = 0;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- ioredis types its listeners with any[]
  private listen(event: string, listener: (...args: any[]) => void): void {
    this.client?.on(event, listener);
    this.listeners.push([event, listener]);
  }

  private onCallError(op: CacheOperation, error: unknown): void {
    if (error instanceof ReplyError) {
      const message = describe(error);
      const code = message.split(' ', 1)[0];
      if (!this.loggedReplyErrors.has(code)) {
        this.loggedReplyErrors.add(code);
        this.logger.warn(`Embedding cache ${op} got an error reply from Redis (${message}); treating it as a miss`);
      }
      return;
    }
    this.lastError = describe(error);
    this.breaker.recordFailure();
  }

  private onBreakerChange(open: boolean): void {
    this.metrics.circuitOpen.set(open ? 1 : 0);
    if (open) this.startProbe();
    else this.stopProbe();
    this.logStateChange();
  }

  /**
   * A peer that accepts the TCP connection but never answers would keep the client in `connect`
   * until its ready check hits `commandTimeout` (5 s, measured: 4.2 s to recover once the peer
   * answers again). After `readyTimeoutMs` without `ready` the connection is dropped and ioredis
   * reconnects with its backoff: the client is recycled, never closed.
   */
  private armReadyWatchdog(): void {
    const client = this.client;
    if (!client || isCluster(client)) return;
    this.clearReadyWatchdog();
    this.readyWatchdog = setTimeout(() => {
      this.readyWatchdog = undefined;
      if (client.status !== 'connect') return;
      this.lastError = `connected, but Redis did not answer within ${this.settings.readyTimeoutMs} ms`;
      this.logStateChange();
      client.disconnect(true);
    }, this.settings.readyTimeoutMs);
    this.readyWatchdog.unref();
  }

  private clearReadyWatchdog(): void {
    if (this.readyWatchdog) clearTimeout(this.readyWatchdog);
    this.readyWatchdog = undefined;
  }

  private startProbe(): void {
    this.stopProbe();
    this.probeTimer = setInterval(() => void this.probe(), this.settings.probeIntervalMs);
    this.probeTimer.unref();
  }

  private stopProbe(): void {
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.probeTimer = undefined;
  }

  private async probe(): Promise<void> {
    // A probe on a disconnected client would fail at once; the 'ready' event closes the circuit.
    if (this.probing || this.client?.status !== 'ready') return;
    this.probing = true;
    try {
      await this.ping();
    } finally {
      this.probing = false;
    }
  }

  private logStateChange(): void {
    const state = this.state();
    const key = state === 'connecting' && this.lastError ? 'down' : state;
    if (key === this.loggedState) return;
    this.loggedState = key;
    switch (key) {
      case 'ready':
        this.logger.log('Embedding cache connected to Redis');
        break;
      case 'down':
        this.logger.warn(`Embedding cache unavailable (${this.lastError}); serving misses until Redis is back`);
        break;
      case 'circuit_open':
        this.logger.warn(
          `Embedding cache circuit opened after ${this.settings.breakerThreshold} failed calls ` +
            `(${this.lastError}); skipping Redis until a probe succeeds`,
        );
        break;
      case 'connecting':
      case 'disabled':
        break;
      default: {
        const unreachable: never = key;
        throw new Error(`unknown state ${String(unreachable)}`);
      }
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The message of a connection error, with a hint for rejected credentials. Redis never echoes a
 * password in these replies, and neither does this.
 */
function describeConnectionError(error: Error): string {
  const message = describe(error);
  return AUTH_ERRORS.test(message)
    ? `${message} Check REDIS_EMBEDDING_CACHE_USERNAME / REDIS_EMBEDDING_CACHE_PASSWORD or the URL's credentials`
    : message;
}
