import { InvalidTracingConfigError } from './invalid-tracing-config.error';
import type { TracingSettings } from './interfaces/tracing-settings.interface';

/** `OTEL_TRACES_EXPORTER` values the OpenTelemetry Node SDK of this repository can build. */
const EXPORTERS = new Set(['otlp', 'zipkin', 'console', 'none']);
/** OTLP protocols of the SDK's trace exporters. */
const PROTOCOLS = new Set(['http/protobuf', 'http/json', 'grpc']);
const ENDPOINT_VARS = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] as const;
const PROTOCOL_VARS = ['OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'] as const;

/**
 * Whether this process traces, from the standard `OTEL_*` variables: only when
 * `OTEL_TRACES_EXPORTER` names an exporter or an OTLP endpoint is set, and never with
 * `OTEL_SDK_DISABLED=true`. The values the SDK would otherwise reject or ignore silently are
 * refused here with the variable named (an endpoint's value is never echoed: it may hold a token).
 * Everything else (sampler, batch sizes, headers) is left to the SDK, which reads the same variables.
 */
export function parseTracingEnv(env: NodeJS.ProcessEnv, defaultServiceName: string): TracingSettings {
  const disabled = value(env, 'OTEL_SDK_DISABLED')?.toLowerCase();
  if (disabled !== undefined && disabled !== 'true' && disabled !== 'false') {
    throw new InvalidTracingConfigError(`OTEL_SDK_DISABLED must be "true" or "false", got "${disabled}"`);
  }
  const exporters = value(env, 'OTEL_TRACES_EXPORTER')
    ?.split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.length > 0);
  const unknown = exporters?.find((name) => !EXPORTERS.has(name));
  if (unknown !== undefined) {
    throw new InvalidTracingConfigError(`OTEL_TRACES_EXPORTER "${unknown}" is not supported; use otlp, zipkin, console or none`);
  }
  for (const name of ENDPOINT_VARS) checkEndpoint(env, name);
  for (const name of PROTOCOL_VARS) {
    const protocol = value(env, name);
    if (protocol !== undefined && !PROTOCOLS.has(protocol)) {
      throw new InvalidTracingConfigError(`${name} "${protocol}" is not supported; use http/protobuf, http/json or grpc`);
    }
  }
  if (disabled === 'true') return { enabled: false };
  const wanted =
    exporters !== undefined && exporters.length > 0
      ? exporters.some((name) => name !== 'none')
      : ENDPOINT_VARS.some((name) => value(env, name) !== undefined);
  return wanted ? { enabled: true, serviceName: value(env, 'OTEL_SERVICE_NAME') ?? defaultServiceName } : { enabled: false };
}

function value(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw.length === 0 ? undefined : raw;
}

function checkEndpoint(env: NodeJS.ProcessEnv, name: string): void {
  const endpoint = value(env, name);
  if (endpoint === undefined) return;
  let protocol: string | undefined;
  try {
    protocol = new URL(endpoint).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new InvalidTracingConfigError(`${name} must be an http:// or https:// URL (e.g. http://127.0.0.1:4318)`);
  }
}
