import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span } from '@opentelemetry/api';
import { TRACER_NAME } from './tracing.constants';

/** How `withSpan` starts its span. */
export interface WithSpanOptions {
  /** @default SpanKind.INTERNAL */
  kind?: SpanKind;
  attributes?: Attributes;
  /** Parent context (e.g. extracted from a job); the active one when omitted. */
  parent?: Context;
  /** Start time in epoch ms, when the span began before this call (a queue wait). */
  startTime?: number;
}

/**
 * Runs `fn` inside a new active span named `name`, ends it when `fn` settles, and records an error
 * (exception event, status ERROR) before passing it on. With tracing off the API's no-op tracer
 * makes this a plain call of `fn` with a non-recording span: compute costly attributes only when
 * `span.isRecording()`.
 */
export function withSpan<T>(name: string, options: WithSpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  const tracer = trace.getTracer(TRACER_NAME);
  const spanOptions = { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, startTime: options.startTime };
  return tracer.startActiveSpan(name, spanOptions, options.parent ?? context.active(), async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}
