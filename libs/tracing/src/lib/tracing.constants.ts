/** Name of this repository's tracer (the instrumentation scope of every span it starts). */
export const TRACER_NAME = '@rag/tracing';

/** Field of a job's data that carries the W3C trace context of its enqueuing span. */
export const JOB_TRACE_CONTEXT_FIELD = 'traceContext';
