/** What the `OTEL_*` environment asks of this process's tracing (see `parseTracingEnv`). */
export type TracingSettings =
  | { readonly enabled: false }
  | {
      readonly enabled: true;
      /** `OTEL_SERVICE_NAME`, else the app's own name (`rag-api`, `worker`). */
      readonly serviceName: string;
    };
