import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import type { Counter, Histogram } from 'prom-client';

/** Names of the provider metrics. */
export const PROVIDER_CALLS = 'embedding_provider_requests_total';
export const PROVIDER_TEXTS = 'embedding_provider_texts_total';
export const PROVIDER_SECONDS = 'embedding_provider_duration_seconds';

/** Providers of the metric objects, for a module's `providers`. */
export const providerMetricProviders = [
  makeCounterProvider({ name: PROVIDER_CALLS, help: 'Calls to the embedding provider by model and outcome', labelNames: ['model', 'outcome'] }),
  makeCounterProvider({ name: PROVIDER_TEXTS, help: 'Texts sent to the embedding provider by model', labelNames: ['model'] }),
  makeHistogramProvider({
    name: PROVIDER_SECONDS,
    help: 'Duration of embedding provider calls by model',
    labelNames: ['model'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  }),
];

/** Counts and times every call to the embedding provider. */
@Injectable()
export class ProviderMetrics {
  constructor(
    @InjectMetric(PROVIDER_CALLS) private readonly calls: Counter<'model' | 'outcome'>,
    @InjectMetric(PROVIDER_TEXTS) private readonly texts: Counter<'model'>,
    @InjectMetric(PROVIDER_SECONDS) private readonly seconds: Histogram<'model'>,
  ) {}

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
