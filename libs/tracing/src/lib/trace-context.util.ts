import { ROOT_CONTEXT, context, propagation } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import type { TraceCarrier } from './interfaces/trace-carrier.interface';

/**
 * The active span's W3C context (`traceparent`, `tracestate`) to store inside a job's data, or
 * `undefined` with tracing off or no active span: jobs then look exactly as before.
 */
export function injectTraceContext(): TraceCarrier | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  if (carrier['traceparent'] === undefined) return undefined;
  return { traceparent: carrier['traceparent'], ...(carrier['tracestate'] === undefined ? {} : { tracestate: carrier['tracestate'] }) };
}

/**
 * The context a job's processing continues: its `traceContext` field extracted, or the root
 * context for a job enqueued without one (older producers, tracing off) or with garbage in it.
 */
export function extractTraceContext(carrier: unknown): Context {
  if (typeof carrier !== 'object' || carrier === null) return ROOT_CONTEXT;
  const { traceparent, tracestate } = carrier as Record<string, unknown>;
  if (typeof traceparent !== 'string') return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { traceparent, ...(typeof tracestate === 'string' ? { tracestate } : {}) });
}
