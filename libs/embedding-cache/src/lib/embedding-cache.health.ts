import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { EmbeddingCacheService } from './embedding-cache.service';

/**
 * Terminus indicator of the cache: `up` with the PING latency and state, `down` with the reason;
 * both show the state of the L1 invalidation channel (`l1Channel`), which never decides `up` or `down`.
 * It never throws. With the cache disabled by configuration it reports `up` with state `disabled`.
 * The cache is optional, so apps decide whether `down` fails readiness.
 */
@Injectable()
export class EmbeddingCacheHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly cache: EmbeddingCacheService,
  ) {}

  /** Checks the cache under `key` (default `embedding_cache`). */
  async isHealthy(key = 'embedding_cache'): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    const state = this.cache.stats().state;
    if (state === 'disabled') return indicator.up({ state });
    const outcome = await this.cache.ping();
    const { state: now, l1Channel } = this.cache.stats();
    return outcome.ok
      ? indicator.up({ state: now, latencyMs: outcome.latencyMs, l1Channel })
      : indicator.down({ state: now, message: outcome.reason, l1Channel });
  }
}
