import { trace } from '@opentelemetry/api';

/**
 * `trace_id` and `span_id` of the active span, for a pino `mixin`, so that every log line written
 * inside a traced request or job names its trace; `{}` when no span is active (tracing off).
 */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (span === undefined) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  // Unsampled spans are exported nowhere: a trace id no backend has would mislead.
  return traceFlags & 1 ? { trace_id: traceId, span_id: spanId } : {};
}
