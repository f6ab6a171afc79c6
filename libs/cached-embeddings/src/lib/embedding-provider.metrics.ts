import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { globalMetric } from '@rag/config-kit';
import {
  EMBEDDING_PROVIDER_REQUESTS,
  EMBEDDING_PROVIDER_SECONDS,
  EMBEDDING_PROVIDER_SECONDS_BUCKETS,
  EMBEDDING_PROVIDER_TEXTS,
} from './cached-embeddings.constants';

/**
 * The provider's Prometheus metrics (`embedding_provider_requests_total`, `…_texts_total`,
 * `…_duration_seconds`) on prom-client's global registry, which the apps' `/metrics` serves.
 * Several instances in one process (tests build several apps) share the same series.
 */
@Injectable()
export class EmbeddingProviderMetrics {
  /** Calls by model and outcome. */
  readonly calls: Counter<'model' | 'outcome'> = globalMetric(
    EMBEDDING_PROVIDER_REQUESTS,
    () => new Counter({ name: EMBEDDING_PROVIDER_REQUESTS, help: 'Calls to the embedding provider by model and outcome', labelNames: ['model', 'outcome'] }),
  );
  /** Texts sent, by model. */
  readonly texts: Counter<'model'> = globalMetric(
    EMBEDDING_PROVIDER_TEXTS,
    () => new Counter({ name: EMBEDDING_PROVIDER_TEXTS, help: 'Texts sent to the embedding provider by model', labelNames: ['model'] }),
  );
  /** Duration of calls, by model. */
  readonly seconds: Histogram<'model'> = globalMetric(
    EMBEDDING_PROVIDER_SECONDS,
    () =>
      new Histogram({
        name: EMBEDDING_PROVIDER_SECONDS,
        help: 'Duration of embedding provider calls by model',
        labelNames: ['model'],
        buckets: [...EMBEDDING_PROVIDER_SECONDS_BUCKETS],
      }),
  );

  /** Runs `call` for `count` texts of `model`, recording its outcome and duration. */
  async track<T>(model: string, count: number, call: () => Promise<T>): Promise<T> {
    const end = this.seconds.startTimer({ model });
    this.texts.inc({ model }, count);
    try {
      const result = await call();
      this.calls.inc({ model, outcome: 'ok' });
      return result;
    } catch (error) {
      this.calls.inc({ model, outcome: 'error' });
      throw error;
    } finally {
      end();
    }
  }
}
