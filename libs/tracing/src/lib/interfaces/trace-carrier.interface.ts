/** W3C trace context headers, as carried inside a job's data (`traceContext`). */
export interface TraceCarrier {
  /** `00-<trace id>-<span id>-<flags>`. */
  traceparent?: string;
  /** Vendor state, when the caller's trace has any. */
  tracestate?: string;
}
