import { Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { DeadlineExceededError, withDeadline } from '@rag/config-kit';
import { VectorStore } from './vector-store.service';

/** Longest wait for the store's `SELECT 1`. */
const PING_TIMEOUT_MS = 1_000;

/**
 * Terminus indicator `vector_store`, for the apps that use a `VectorStore`: up when it answers
 * `SELECT 1` within 1 s. It never throws. A query error may name the database (host, user, data
 * directory), so it is logged and the health report only says the store did not answer.
 */
@Injectable()
export class VectorStoreHealthIndicator {
  private readonly logger = new Logger('Health');

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly store: VectorStore,
  ) {}

  /** Checks the store under `key` (default `vector_store`). */
  async isHealthy(key = 'vector_store'): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      await withDeadline(this.store.ping(), PING_TIMEOUT_MS, 'The vector store');
      return indicator.up();
    } catch (error) {
      this.logger.warn(`Vector store health check failed: ${error instanceof Error ? error.message : String(error)}`);
      return indicator.down({ message: error instanceof DeadlineExceededError ? error.message : 'the vector store did not answer a query' });
    }
  }
}
