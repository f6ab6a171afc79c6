import { startTracing } from '@rag/tracing';

/**
 * Imported first by main.ts: OpenTelemetry tracing must start before anything loads \`http\`, so
 * that every request gets its span. Off unless the \`OTEL_*\` variables ask for it (docs/operations.md).
 */
try {
  startTracing('worker');
} catch (error) {
  // A bad OTEL_* value names the variable; print the message alone, as for the app's own config.
  process.stderr.write(`worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
