import { Logger } from '@nestjs/common';
import { ReplyError } from 'ioredis';
import type { Redis } from 'ioredis';
import { CircuitBreaker, ProbeTimer, withDeadline } from '@rag/config-kit';
import { QueueUnavailableError } from './queue-unavailable.error';

/** Consecutive failed calls (or heartbeats) that open the queue's circuit. */
const BREAKER_THRESHOLD = 2;
/**
 * How often the queue's Redis is PINGed in the background, whatever the traffic: a frozen server
 * opens the circuit within about two of these even before a request meets it, and an open circuit
 * closes at the first answer.
 */
export const QUEUE_HEARTBEAT_MS = 1_000;
/** Budget of a heartbeat PING. */
const HEARTBEAT_TIMEOUT_MS = 500;

/**
 * One connection to the job queue's Redis behind a circuit breaker, so that the queue path fails
 * open like the cache: while the connection is not ready, or the breaker is open, a call throws
 * `QueueUnavailableError` at once (the caller answers 503, or ingests inline) instead of waiting
 * for its deadline. Timeouts and connection errors count towards opening; error replies (OOM,
 * NOPERM…) do not (the server answered), and neither does a deadline missed because this process
 * was busy (see `CircuitBreaker.recordFailure`). A background PING (`QUEUE_HEARTBEAT_MS`) both
 * detects a frozen server and closes the circuit again. The client belongs to `QueueRedisModule`.
 */
export class QueueConnection {
  /** The circuit; another connection to the same server may share it (`QueueRedisModule`). */
  readonly breaker: CircuitBreaker;
  private readonly heartbeat: ProbeTimer;
  private readonly onReady = (): void => this.breaker.recordSuccess();

  constructor(
    readonly client: Redis,
    readonly name: string,
    private readonly logger = new Logger('QueueConnection'),
    /**
     * The circuit of another connection to the same Redis server, to share: a server that froze
     * for one connection froze for the other, so the first calls of one need not wait for their
     * deadline to learn what the other already saw.
     */
    shared?: CircuitBreaker,
  ) {
    this.breaker =
      shared ??
      new CircuitBreaker(BREAKER_THRESHOLD, (open) =>
        open
          ? this.logger.warn(`Queue Redis (${name}) circuit opened: it did not answer; queue calls fail fast until a PING answers`)
          : this.logger.log(`Queue Redis (${name}) circuit closed: it answers again`),
      );
    this.heartbeat = new ProbeTimer(QUEUE_HEARTBEAT_MS, () => this.beat());
    client.on('ready', this.onReady);
    this.heartbeat.start();
  }

  /** Whether calls currently go to Redis. */
  available(): boolean {
    return this.client.status === 'ready' && !this.breaker.isOpen;
  }

  /** Whether the circuit is open (Redis connected but not answering). */
  get circuitOpen(): boolean {
    return this.breaker.isOpen;
  }

  /**
   * Runs `fn` within `budgetMs`, or throws `QueueUnavailableError` at once while Redis is
   * unavailable, or when the call times out or loses its connection. Error replies are rethrown.
   */
  async call<T>(budgetMs: number, fn: (client: Redis) => Promise<T>): Promise<T> {
    if (!this.available()) throw new QueueUnavailableError(this.client.status === 'ready' ? 'circuit open' : `connection ${this.client.status}`);
    try {
      const value = await withDeadline(fn(this.client), budgetMs);
      this.breaker.recordSuccess();
      return value;
    } catch (error) {
      if (error instanceof ReplyError) throw error;
      this.breaker.recordFailure(error);
      throw new QueueUnavailableError(error instanceof Error ? error.message : String(error), error);
    }
  }

  /** Stops the heartbeat and drops the listener; the client is left to its owner. */
  dispose(): void {
    this.heartbeat.stop();
    this.client.off('ready', this.onReady);
  }

  private async beat(): Promise<void> {
    if (this.client.status !== 'ready') return;
    try {
      await withDeadline(this.client.ping(), HEARTBEAT_TIMEOUT_MS);
      this.breaker.recordSuccess();
    } catch (error) {
      this.breaker.recordFailure(error);
    }
  }
}
