import type { HttpInstrumentation as HttpInstrumentationClass } from '@opentelemetry/instrumentation-http';
import type { NodeSDK } from '@opentelemetry/sdk-node';
import type { TracingSettings } from './interfaces/tracing-settings.interface';
import { parseTracingEnv } from './tracing-env.util';

let running: NodeSDK | undefined;

/**
 * Starts the OpenTelemetry Node SDK when the `OTEL_*` environment asks for traces
 * (`parseTracingEnv`), with the HTTP instrumentation (server spans for every request, rag-api's
 * fast path included: it patches `http.Server`'s `request` event, in front of any listener). Call
 * it before anything loads `http`. When tracing is off nothing of the SDK is loaded (required
 * lazily here): `@opentelemetry/api` then hands out its no-op tracer, and jobs carry no context.
 * The SDK reads the exporter, endpoint, protocol, headers, sampler and batch settings from the same
 * variables. Metrics and logs stay off: the apps export Prometheus metrics and log to stdout.
 */
export function startTracing(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): TracingSettings {
  const settings = parseTracingEnv(env, defaultServiceName);
  if (!settings.enabled || running !== undefined) return settings;
  // Loaded only when tracing is on (a require, not an import): with it off, none of the SDK is loaded.
  const { NodeSDK: Sdk } = require('@opentelemetry/sdk-node') as { NodeSDK: typeof NodeSDK };
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as { HttpInstrumentation: typeof HttpInstrumentationClass };
  running = new Sdk({
    serviceName: settings.serviceName,
    instrumentations: [new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => QUIET_PATHS.has(req.url ?? '') })],
    metricReaders: [],
    logRecordProcessors: [],
  });
  running.start();
  return settings;
}

/** Probes and scrapes: one span each per second or so would drown the traces worth reading. */
const QUIET_PATHS = new Set(['/health/live', '/health/ready', '/health', '/metrics']);

/** Whether `startTracing` started the SDK in this process. */
export function tracingStarted(): boolean {
  return running !== undefined;
}

/** Exports the spans still buffered and stops the SDK; a no-op when tracing is off. Never throws. */
export async function stopTracing(): Promise<void> {
  const sdk = running;
  running = undefined;
  await sdk?.shutdown().catch(() => undefined);
}
