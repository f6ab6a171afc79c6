import * as api from './index';

describe('@rag/tracing public entry', () => {
  it.each([
    'startTracing',
    'stopTracing',
    'tracingStarted',
    'parseTracingEnv',
    'InvalidTracingConfigError',
    'TracingShutdown',
    'withSpan',
    'injectTraceContext',
    'extractTraceContext',
    'traceLogFields',
    'TRACER_NAME',
    'JOB_TRACE_CONTEXT_FIELD',
  ])('exports %s', (name) => {
    expect((api as Record<string, unknown>)[name]).toBeDefined();
  });
});
