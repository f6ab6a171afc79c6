import type { HealthCheckResult } from '@nestjs/terminus';
import { summarizeHealthReport } from './summarize-health-report.util';

const report: HealthCheckResult = {
  status: 'error',
  info: { vector_store: { status: 'up' } },
  error: { embedding_cache: { status: 'down', state: 'connecting', message: 'getaddrinfo ENOTFOUND redis-cache.prod.internal', l1Channel: 'down' } },
  details: {
    vector_store: { status: 'up' },
    embedding_cache: { status: 'down', state: 'connecting', message: 'getaddrinfo ENOTFOUND redis-cache.prod.internal', l1Channel: 'down' },
  },
};

describe('summarizeHealthReport', () => {
  it('keeps statuses and replaces the reason of a dependency that is down with a fixed summary', () => {
    const summary = summarizeHealthReport(report, false);
    expect(summary.error).toEqual({ embedding_cache: { status: 'down', message: 'the embedding cache cannot be reached (details in the logs)' } });
    expect(summary.info).toEqual({ vector_store: { status: 'up' } });
    expect(JSON.stringify(summary)).not.toMatch(/ENOTFOUND|redis-cache|connecting/);
  });

  it('detailed: adds states and latencies, never free text', () => {
    const summary = summarizeHealthReport(
      { ...report, details: { ...report.details, vector_store: { status: 'down', message: 'SQLSTATE 57P01 at db.internal' } } },
      true,
    );
    expect(summary.details['embedding_cache']).toEqual({ status: 'down', state: 'connecting', l1Channel: 'down', message: expect.stringContaining('details in the logs') });
    expect(JSON.stringify(summary)).not.toMatch(/SQLSTATE|db\.internal|ENOTFOUND/);
  });
});
