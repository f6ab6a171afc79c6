import type { HealthCheckResult, HealthIndicatorResult } from '@nestjs/terminus';

/** What clients are told about a dependency that is down; the reason itself (host names, errors) goes to the log. */
const DOWN_SUMMARY: Record<string, string> = {
  embedding_cache: 'the embedding cache cannot be reached (details in the logs)',
  vector_store: 'the vector store did not answer (details in the logs)',
};

/** Fields kept in a detailed report (`/health`, behind a key): states and numbers, never free text. */
const DETAIL_FIELDS = new Set(['state', 'latencyMs', 'l1Channel']);

function summarizeMap(map: Partial<HealthIndicatorResult> | undefined, detailed: boolean): HealthIndicatorResult {
  const out: HealthIndicatorResult = {};
  for (const [name, value] of Object.entries(map ?? {})) {
    if (value === undefined) continue;
    const entry: Record<string, unknown> = { status: value.status };
    if (value.status === 'down') entry['message'] = DOWN_SUMMARY[name] ?? 'unavailable (details in the logs)';
    if (detailed) {
      for (const [field, detail] of Object.entries(value)) {
        if (DETAIL_FIELDS.has(field) && (typeof detail === 'string' || typeof detail === 'number' || typeof detail === 'boolean')) entry[field] = detail;
      }
    }
    out[name] = entry as HealthIndicatorResult[string];
  }
  return out;
}

/**
 * A health report as clients may see it: each dependency's status, a fixed summary when it is
 * down (never the error, which can name hosts: `getaddrinfo ENOTFOUND redis-cache.prod.internal`,
 * or carry SQL states), and with `detailed` its state and latency.
 */
export function summarizeHealthReport(report: HealthCheckResult, detailed: boolean): HealthCheckResult {
  return {
    status: report.status,
    info: summarizeMap(report.info, detailed),
    error: summarizeMap(report.error, detailed),
    details: summarizeMap(report.details, detailed),
  };
}
