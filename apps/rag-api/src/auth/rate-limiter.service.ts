import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { withDeadline } from '@rag/config-kit';
import { ragApiConfig } from '../config/rag-api.config';
import type { RagApiConfig } from '../config/rag-api.config';
import type { RateLimitDecision } from './interfaces/rate-limit-decision.interface';
import { RATE_LIMIT_PREFIX, RATE_LIMIT_RETRY_MS, RATE_LIMIT_TIMEOUT_MS, RATE_LIMIT_WINDOW_MS } from './auth.constants';

/**
 * One fixed window per key: INCR, and PEXPIRE on the window's first request, in one script so
 * that the count and its expiry are set together (a crash between two commands would leave a
 * counter that never expires).
 */
const COUNT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

/**
 * Per-key request counters shared by every rag-api process on one Redis (`REDIS_URL`), a fixed
 * one-minute window per key. Written by hand rather than with `@nestjs/throttler` and a Redis
 * storage: the limits come from the reloadable keys file and apply per key, and the storages
 * await Redis without a bound, whereas here a dead or frozen Redis costs a request at most
 * `RATE_LIMIT_TIMEOUT_MS` (then Redis is skipped for `RATE_LIMIT_RETRY_MS`) and limits fail open
 * to the same limit counted by this process alone.
 */
@Injectable()
export class RateLimiterService implements OnApplicationShutdown {
  private readonly logger = new Logger('RateLimits');
  private readonly redis: Redis;
  private skipUntil = 0;
  private degraded = false;
  private readonly local = new Map<string, { count: number; resetAt: number }>();

  constructor(@Inject(ragApiConfig.KEY) config: RagApiConfig) {
    this.redis = new Redis(config.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: RATE_LIMIT_TIMEOUT_MS,
      connectTimeout: 1_000,
      lazyConnect: !config.keysFile,
      retryStrategy: (attempt: number) => Math.min(attempt * 100, 2_000),
    });
    this.redis.on('error', () => undefined);
    this.redis.defineCommand('rateCount', { numberOfKeys: 1, lua: COUNT_SCRIPT });
  }

  /** Counts a request of key `id` against `limit` per minute. Never throws; never waits on Redis more than `RATE_LIMIT_TIMEOUT_MS`. */
  async hit(id: string, limit: number): Promise<RateLimitDecision> {
    if (Date.now() >= this.skipUntil && this.redis.status === 'ready') {
      try {
        const counter = this.redis as Redis & { rateCount(key: string, windowMs: number): Promise<[number, number]> };
        const [count, resetMs] = await withDeadline(counter.rateCount(`${RATE_LIMIT_PREFIX}${id}`, RATE_LIMIT_WINDOW_MS), RATE_LIMIT_TIMEOUT_MS + 10);
        if (this.degraded) this.logger.log('Rate limits counted in Redis again (fleet-wide)');
        this.degraded = false;
        return { allowed: count <= limit, count, resetMs, scope: 'fleet' };
      } catch (error) {
        this.skipUntil = Date.now() + RATE_LIMIT_RETRY_MS;
        this.markDegraded(error instanceof Error ? error.message : String(error));
      }
    } else if (this.redis.status !== 'ready') {
      this.markDegraded(`Redis connection ${this.redis.status}`);
    }
    return this.hitLocally(id, limit);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  private hitLocally(id: string, limit: number): RateLimitDecision {
    const now = Date.now();
    let window = this.local.get(id);
    if (window === undefined || window.resetAt <= now) {
      window = { count: 0, resetAt: now + RATE_LIMIT_WINDOW_MS };
      this.local.set(id, window);
    }
    window.count += 1;
    return { allowed: window.count <= limit, count: window.count, resetMs: window.resetAt - now, scope: 'process' };
  }

  private markDegraded(reason: string): void {
    if (this.degraded) return;
    this.degraded = true;
    this.logger.warn(`Rate limits counted per process while Redis is unavailable (${reason})`);
  }
}
