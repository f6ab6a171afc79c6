import type { Logger } from '@nestjs/common';
import { CircuitBreaker, ProbeTimer, withDeadline } from '@rag/config-kit';
import { ReplyError } from 'ioredis';
import type { CacheOperation, EmbeddingCacheMetrics } from '../embedding-cache.metrics';
import type { CacheClient } from '../interfaces/cache-client.interface';
import type { CacheConnectionState } from '../interfaces/cache-connection-state.interface';
import { describeError } from '../utils/describe-error.util';
import { ConnectionLog } from './connection-log';
import { describeConnectionError } from './describe-connection-error.util';
import { groupKeysByNode, isCluster } from './group-keys-by-node.util';
import type { KeyGroup } from './group-keys-by-node.util';
import { ReadyWatchdog } from './ready-watchdog';
import { waitUntilSettled } from './wait-until-settled.util';

/** Outcome of a guarded Redis call: the reply, or the fact that Redis could not be used. */
export type CallOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

/** Outcome of a call fanned out over nodes: one value per key, `undefined` where its node failed. */
export interface PerKeyOutcome<T> {
  readonly values: Array<T | undefined>;
  /** `true` when Redis could not be used for at least one key (down, skipped, timed out, error). */
  readonly faulted: boolean;
}

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
  private readonly probe: ProbeTimer;
  private readonly watchdog: ReadyWatchdog;
  private readonly log: ConnectionLog;
  private lastError: string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- ioredis types its listeners with any[]
  private readonly listeners: Array<[string, (...args: any[]) => void]> = [];
  private readonly availableListeners: Array<() => void> = [];

  /**
   * @param client the borrowed client, `undefined` when the cache is disabled. Rooms may read
   *   its topology (e.g. the masters to SCAN); commands go through `call` / `callPerNode`.
   */
  constructor(
    readonly client: CacheClient | undefined,
    private readonly settings: CacheConnectionSettings,
    logger: Logger,
    private readonly metrics: EmbeddingCacheMetrics,
  ) {
    this.breaker = new CircuitBreaker(settings.breakerThreshold, (open) => this.onBreakerChange(open));
    this.probe = new ProbeTimer(settings.probeIntervalMs, async () => {
      // A probe on a disconnected client would fail at once; the 'ready' event closes the circuit.
      if (this.client?.status === 'ready') await this.ping();
    });
    this.watchdog = new ReadyWatchdog(settings.readyTimeoutMs, () => this.recycleStalledConnection());
    this.log = new ConnectionLog(logger, settings.breakerThreshold, client ? 'connecting' : 'disabled');
    if (client) this.listenTo(client);
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
   * `budgetOf(itsGroup)`. `fn` resolves one value per key of its group (`undefined` for a key
   * whose command failed); `group.indexes` are the keys' positions in `keys`. A node that fails
   * costs only its own keys.
   */
  async callPerNode<T>(
    op: CacheOperation,
    keys: readonly string[],
    budgetOf: (group: KeyGroup) => number,
    fn: (client: CacheClient, group: KeyGroup) => Promise<Array<T | undefined>>,
  ): Promise<PerKeyOutcome<T>> {
    const values: Array<T | undefined> = new Array(keys.length).fill(undefined);
    if (keys.length === 0) return { values, faulted: false };
    if (!this.available()) return { values, faulted: true };
    const groups = groupKeysByNode(this.client as CacheClient, keys);
    const outcomes = await Promise.all(groups.map((group) => this.call(op, budgetOf(group), (c) => fn(c, group))));
    let faulted = false;
    outcomes.forEach((outcome, g) => {
      if (!outcome.ok) faulted = true;
      else groups[g].indexes.forEach((index, i) => (values[index] = outcome.value[i]));
    });
    return { values, faulted };
  }

  /**
   * Calls `listener` each time calls go to Redis again: the circuit closes, or the client becomes
   * ready (after a connect or a reconnect). Synchronously, so commands it sends go out before any
   * later call's.
   */
  onAvailable(listener: () => void): void {
    this.availableListeners.push(listener);
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
      return { ok: false, reason: describeError(error) };
    }
  }

  /** See `waitUntilSettled`; returns at once when the cache is disabled. */
  async waitUntilSettled(maxMs: number): Promise<void> {
    if (this.client) await waitUntilSettled(this.client, maxMs);
  }

  /** Removes listeners and timers. The client itself is left open for its owner. */
  dispose(): void {
    this.probe.stop();
    this.watchdog.clear();
    for (const [event, listener] of this.listeners) this.client?.off(event, listener);
    this.listeners.length = 0;
    this.availableListeners.length = 0;
  }

  private listenTo(client: CacheClient): void {
    // The watchdog recycles a standalone connection; a Cluster manages its node connections itself.
    this.listen('connect', () => {
      if (!isCluster(client)) this.watchdog.arm();
    });
    this.listen('ready', () => {
      this.watchdog.clear();
      this.lastError = undefined;
      this.log.connected();
      // Closing an open circuit notifies by itself.
      const wasOpen = this.breaker.isOpen;
      this.breaker.recordSuccess();
      this.logStateChange();
      if (!wasOpen) this.notifyAvailable();
    });
    const onError = (error: Error): void => {
      this.lastError = describeConnectionError(error);
      this.logStateChange();
    };
    this.listen('error', onError);
    // A Cluster reports a failing node here, and only a failure of every node as 'error'.
    this.listen('node error', onError);
    this.listen('close', () => {
      this.watchdog.clear();
      this.lastError ??= 'connection closed';
      this.logStateChange();
    });
    this.listen('end', () => this.logStateChange());
    this.logStateChange();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- ioredis types its listeners with any[]
  private listen(event: string, listener: (...args: any[]) => void): void {
    this.client?.on(event, listener);
    this.listeners.push([event, listener]);
  }

  /** Drops a connection that never became ready; ioredis reconnects with its backoff (recycled, never closed). */
  private recycleStalledConnection(): void {
    const client = this.client;
    if (client?.status !== 'connect') return;
    this.lastError = `connected, but Redis did not answer within ${this.settings.readyTimeoutMs} ms`;
    this.logStateChange();
    client.disconnect(true);
  }

  private onCallError(op: CacheOperation, error: unknown): void {
    if (error instanceof ReplyError) {
      this.log.replyError(op, describeError(error));
      return;
    }
    this.lastError = describeError(error);
    this.breaker.recordFailure(error);
  }

  private onBreakerChange(open: boolean): void {
    this.metrics.circuitOpen.set(open ? 1 : 0);
    if (open) this.probe.start();
    else this.probe.stop();
    this.logStateChange();
    if (!open) this.notifyAvailable();
  }

  private notifyAvailable(): void {
    if (!this.available()) return;
    for (const listener of this.availableListeners) listener();
  }

  private logStateChange(): void {
    this.log.stateChange(this.state(), this.lastError);
  }
}
