import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import type { NextFunction, Request, Response } from 'express';
import type { Counter, Histogram } from 'prom-client';

export const HTTP_REQUESTS = 'http_requests_total';
export const HTTP_SECONDS = 'http_request_duration_seconds';

/** Providers of the HTTP metric objects. */
export const httpMetricProviders = [
  makeCounterProvider({ name: HTTP_REQUESTS, help: 'HTTP requests by method, route and status', labelNames: ['method', 'route', 'status'] }),
  makeHistogramProvider({
    name: HTTP_SECONDS,
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
  }),
];

/**
 * Express middleware recording every request, including those rejected before routing (413,
 * malformed JSON). Routes are labelled by their pattern, never by the raw URL, to bound cardinality.
 */
@Injectable()
export class HttpMetrics {
  constructor(
    @InjectMetric(HTTP_REQUESTS) private readonly requests: Counter<'method' | 'route' | 'status'>,
    @InjectMetric(HTTP_SECONDS) private readonly seconds: Histogram<'method' | 'route' | 'status'>,
  ) {}

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      this.requests.inc(labels);
      this.seconds.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
