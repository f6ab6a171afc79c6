import { ROOT_CONTEXT, context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { traceLogFields } from './trace-log-fields.util';
import { extractTraceContext, injectTraceContext } from './trace-context.util';
import { withSpan } from './with-span.util';

describe('trace context inside job data, and log fields', () => {
  it('with tracing off (no SDK registered) injects nothing and logs no ids', async () => {
    await withSpan('enqueue', {}, async () => {
      expect(injectTraceContext()).toBeUndefined();
      expect(traceLogFields()).toEqual({});
    });
    expect(extractTraceContext(undefined)).toBe(ROOT_CONTEXT);
  });

  describe('with an SDK registered', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const contextManager = new AsyncLocalStorageContextManager().enable();

    beforeAll(() => {
      context.setGlobalContextManager(contextManager);
      trace.setGlobalTracerProvider(provider);
      propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    });
    afterAll(() => {
      trace.disable();
      context.disable();
      propagation.disable();
    });

    it('carries the enqueuing span to the processing span, which becomes its child', async () => {
      const carrier = await withSpan('enqueue', {}, async () => injectTraceContext());
      expect(carrier?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      const parent = extractTraceContext(JSON.parse(JSON.stringify(carrier)));
      const logged = await withSpan('process', { parent }, async () => traceLogFields());
      const [enqueue, processing] = exporter.getFinishedSpans();
      expect(processing.spanContext().traceId).toBe(enqueue.spanContext().traceId);
      expect(processing.parentSpanContext?.spanId).toBe(enqueue.spanContext().spanId);
      expect(logged).toEqual({ trace_id: enqueue.spanContext().traceId, span_id: processing.spanContext().spanId });
    });

    it('starts a new trace for a job without (or with a broken) context', async () => {
      for (const carrier of [undefined, { traceparent: 42 }, { traceparent: 'garbage' }]) {
        exporter.reset();
        await withSpan('process', { parent: extractTraceContext(carrier) }, async () => undefined);
        expect(exporter.getFinishedSpans()[0].parentSpanContext).toBeUndefined();
      }
    });

    it('records a failure on the span and passes it on', async () => {
      exporter.reset();
      await expect(withSpan('boom', {}, async () => Promise.reject(new Error('provider down')))).rejects.toThrow('provider down');
      const [span] = exporter.getFinishedSpans();
      expect(span.status).toEqual({ code: 2, message: 'provider down' });
      expect(span.events[0].name).toBe('exception');
    });
  });
});
