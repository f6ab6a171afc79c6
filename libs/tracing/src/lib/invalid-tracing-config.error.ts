/** An `OTEL_*` variable this process cannot trace with: boot fails with the variable named. */
export class InvalidTracingConfigError extends Error {
  /** Stable code for callers that branch on it. */
  readonly code = 'INVALID_TRACING_CONFIG';

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
