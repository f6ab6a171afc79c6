import type { Logger } from '@nestjs/common';
import type { EmbeddingCacheMetrics, L1FlushReason } from '../embedding-cache.metrics';
import type { CacheClient } from '../interfaces/cache-client.interface';
import type { InvalidationSource } from '../interfaces/invalidation-source.interface';
import type { L1ChannelState } from '../interfaces/l1-channel-state.interface';
import type { RedisTopology } from '../interfaces/redis-topology.interface';
import { connectTimeoutFor } from '../redis/build-connection-options.util';
import type { L1Tier } from './l1-tier';
import { TrackingSubscriber } from './tracking-subscriber';
import type { TrackingSubscriberListener, TrackingSubscriberSettings } from './tracking-subscriber';

/** After Redis refused tracking (an ACL, Redis before 6), how long until it is asked again. */
export const L1_TRACKING_RETRY_MS = 5_000;

/** Cluster events after which the masters are read again (`invalidationSources`). */
const TOPOLOGY_EVENTS = ['ready', 'refresh', '+node', '-node'] as const;

/** Settings of `L1InvalidationChannel`, from the module options. */
export interface L1InvalidationChannelSettings {
  /** Key prefix; changes of keys under `<prefix>:` are reported. */
  prefix: string;
  /** Single-key Redis budget; the connection timeouts derive from it as for the data connection. */
  timeoutMs: number;
  /** Longest time an L1 entry is served without the channel vouching for it (`l1MaxStaleMs`). */
  maxStaleMs: number;
}

/**
 * Keeps the L1 tier coherent with Redis: one `TrackingSubscriber` (a connection of the cache's
 * own) per server the topology names (`RedisTopology.invalidationSources`: the server, the
 * sentinels' master, or each master of a cluster, read again on every slot refresh), whose
 * reports drop keys from the L1 or flush it. Each time a server's connection subscribes, the
 * L1 is flushed, since changes made while it was not subscribed were not reported: at boot
 * (`connect`), after a loss (`reconnect`), for a new master (`topology`).
 *
 * The L1 serves its entries while the channel vouches for them: every server has reported every
 * change up to a recent heartbeat (the oldest heartbeat of all servers). A channel that is down,
 * refused, or missing a server stops vouching, so the L1 serves only entries younger than
 * `maxStaleMs` until it is back. Logs once per state change; never throws; closes only its own
 * connections, never the borrowed client.
 */
export class L1InvalidationChannel {
  private readonly subscribers = new Map<string, TrackingSubscriber>();
  private readonly subscriberSettings: TrackingSubscriberSettings;
  private readonly onTopology = (): void => this.reconcile();
  private readonly listener: TrackingSubscriberListener;
  private readonly waiters = new Set<() => void>();
  /** Subscribers of servers that joined after the channel had been subscribed everywhere (a failover, a new master). */
  private readonly joinedLater = new WeakSet<TrackingSubscriber>();
  /** Whether the client names a master for every slot (always true for a `Redis` client). */
  private complete = false;
  private everSubscribed = false;
  private started = false;
  private stopped = false;
  private logged: L1ChannelState = 'connecting';

  constructor(
    private readonly client: CacheClient,
    private readonly topology: Pick<RedisTopology, 'invalidationSources'>,
    private readonly l1: L1Tier,
    private readonly settings: L1InvalidationChannelSettings,
    private readonly logger: Logger,
    private readonly metrics: EmbeddingCacheMetrics,
  ) {
    const connectTimeoutMs = connectTimeoutFor(settings.timeoutMs);
    this.subscriberSettings = {
      prefix: settings.prefix,
      setupBudgetMs: connectTimeoutMs,
      // Four heartbeats per stale bound keep a healthy channel vouching with room for a late one.
      heartbeatMs: Math.min(1_000, Math.max(25, Math.floor(settings.maxStaleMs / 4))),
      // Sooner than the stale bound gains nothing (entries stop being served at the bound anyway); 10 s at most.
      heartbeatTimeoutMs: Math.min(10_000, Math.max(settings.maxStaleMs, connectTimeoutMs)),
      readyTimeoutMs: 2 * connectTimeoutMs,
      refusedRetryMs: L1_TRACKING_RETRY_MS,
    };
    this.listener = {
      synced: (subscriber, resumed) => this.onSynced(subscriber, resumed),
      heartbeat: () => this.revouch(),
      invalidated: (keys) => (keys === null ? this.l1.flush('redis_flush') : this.l1.invalidate(keys)),
      changed: () => this.update(),
    };
    this.metrics.setL1ChannelState('connecting');
  }

  /**
   * Opens the tracking connections and resolves once every server is subscribed, one refused, or
   * `waitMs` passed, whichever comes first. Never rejects.
   */
  async start(waitMs: number): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const event of TOPOLOGY_EVENTS) this.client.on(event, this.onTopology);
    this.reconcile();
    if (this.settled()) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      timer.unref();
      this.waiters.add(done);
    });
  }

  /** Closes the tracking connections and stops listening to the client (which stays open for its owner). */
  stop(): void {
    this.stopped = true;
    for (const event of TOPOLOGY_EVENTS) this.client.off(event, this.onTopology);
    for (const subscriber of this.subscribers.values()) subscriber.stop();
    this.subscribers.clear();
    for (const done of [...this.waiters]) done();
  }

  /** State of the channel as a whole: the worst of its servers'. */
  state(): L1ChannelState {
    const states = [...this.subscribers.values()].map((subscriber) => subscriber.state);
    if (states.includes('refused')) return 'refused';
    if (states.includes('down') || (this.everSubscribed && !this.complete)) return 'down';
    if (!this.complete || states.length === 0 || states.includes('connecting')) return 'connecting';
    return 'subscribed';
  }

  /** Opens a subscriber per new server and closes those of servers gone, after a topology change. */
  private reconcile(): void {
    if (this.stopped) return;
    let sources: InvalidationSource[] | undefined;
    try {
      sources = this.topology.invalidationSources(this.client);
    } catch {
      // A client whose topology cannot be read (never a real ioredis client): treated as incomplete.
      sources = undefined;
    }
    this.complete = sources !== undefined;
    if (sources) {
      const ids = new Set(sources.map((source) => source.id));
      for (const [id, subscriber] of this.subscribers) {
        if (ids.has(id)) continue;
        subscriber.stop();
        this.subscribers.delete(id);
      }
      for (const source of sources) {
        if (this.subscribers.has(source.id)) continue;
        const subscriber = new TrackingSubscriber(source, this.subscriberSettings, this.listener);
        if (this.everSubscribed) this.joinedLater.add(subscriber);
        this.subscribers.set(source.id, subscriber);
        subscriber.start();
      }
    }
    this.update();
  }

  private onSynced(subscriber: TrackingSubscriber, resumed: boolean): void {
    if (this.stopped || this.subscribers.get(subscriber.source.id) !== subscriber) return;
    const reason: L1FlushReason = resumed ? 'reconnect' : this.joinedLater.has(subscriber) ? 'topology' : 'connect';
    this.l1.flush(reason);
    this.update();
  }

  /** Vouches for the L1 up to the oldest heartbeat of every server, or not at all while a server is unknown. */
  private revouch(): void {
    if (!this.complete || this.subscribers.size === 0) {
      this.l1.vouch(-Infinity);
      return;
    }
    let at = Infinity;
    for (const subscriber of this.subscribers.values()) at = Math.min(at, subscriber.syncedAt);
    this.l1.vouch(at);
  }

  private update(): void {
    this.revouch();
    const state = this.state();
    if (state === 'subscribed') this.everSubscribed = true;
    if (this.settled()) for (const done of [...this.waiters]) done();
    if (state === this.logged) return;
    this.logged = state;
    this.metrics.setL1ChannelState(state);
    this.logStateChange(state);
  }

  private settled(): boolean {
    const state = this.state();
    return state === 'subscribed' || state === 'refused';
  }

  private logStateChange(state: L1ChannelState): void {
    const bound = `the L1 serves no entry older than ${this.settings.maxStaleMs} ms`;
    switch (state) {
      case 'subscribed':
        this.logger.log(`L1 invalidation channel subscribed on ${this.subscribers.size} Redis server(s)`);
        break;
      case 'down':
        this.logger.warn(`L1 invalidation channel down (${this.reason('down')}); ${bound} until it is back, and starts empty then`);
        break;
      case 'refused':
        this.logger.warn(
          `Redis refused client tracking for the L1 (${this.reason('refused')}); ${bound}. Allow +client|id +client|tracking ` +
            '+subscribe and &__redis__:invalidate to the cache user (docs/operations.md), or set REDIS_EMBEDDING_CACHE_L1_MAX_MB=0',
        );
        break;
      case 'connecting':
      case 'off':
        break;
      default: {
        const unreachable: never = state;
        throw new Error(`unknown state ${String(unreachable)}`);
      }
    }
  }

  private reason(state: 'down' | 'refused'): string {
    for (const subscriber of this.subscribers.values()) {
      if (subscriber.state === state) return `${subscriber.source.id}: ${subscriber.lastError ?? 'unknown error'}`;
    }
    return 'a cluster slot has no known master';
  }
}
