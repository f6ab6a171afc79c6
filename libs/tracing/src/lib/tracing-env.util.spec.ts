import { InvalidTracingConfigError } from './invalid-tracing-config.error';
import { parseTracingEnv } from './tracing-env.util';

describe('parseTracingEnv', () => {
  it('is off when no OTEL_* variable asks for traces', () => {
    expect(parseTracingEnv({}, 'rag-api')).toEqual({ enabled: false });
    expect(parseTracingEnv({ OTEL_SERVICE_NAME: 'x', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, 'rag-api')).toEqual({ enabled: false });
  });

  it.each([
    [{ OTEL_TRACES_EXPORTER: 'otlp' }],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }],
  ])('is on with %p, named after the app unless OTEL_SERVICE_NAME is set', (env) => {
    expect(parseTracingEnv(env, 'worker')).toEqual({ enabled: true, serviceName: 'worker' });
    expect(parseTracingEnv({ ...env, OTEL_SERVICE_NAME: 'ingest-eu' }, 'worker')).toEqual({ enabled: true, serviceName: 'ingest-eu' });
  });

  it('is off when OTEL_SDK_DISABLED=true, whatever else is set, and with OTEL_TRACES_EXPORTER=none', () => {
    const on = { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };
    expect(parseTracingEnv({ ...on, OTEL_SDK_DISABLED: 'TRUE' }, 'rag-api')).toEqual({ enabled: false });
    expect(parseTracingEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_EXPORTER: 'none' }, 'rag-api')).toEqual({ enabled: false });
    expect(parseTracingEnv({ ...on, OTEL_SDK_DISABLED: 'false' }, 'rag-api')).toEqual({ enabled: true, serviceName: 'rag-api' });
  });

  it.each([
    [{ OTEL_SDK_DISABLED: 'yes' }, 'OTEL_SDK_DISABLED'],
    [{ OTEL_TRACES_EXPORTER: 'jaeger' }, 'OTEL_TRACES_EXPORTER'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '127.0.0.1:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://host/v1/traces' }, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
    [{ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/xml' }, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'],
    [{ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'udp' }, 'OTEL_EXPORTER_OTLP_PROTOCOL'],
  ])('rejects %p with an error naming %s', (env, name) => {
    expect(() => parseTracingEnv(env, 'rag-api')).toThrow(InvalidTracingConfigError);
    expect(() => parseTracingEnv(env, 'rag-api')).toThrow(name);
  });

  it('never echoes an endpoint that may carry credentials', () => {
    expect(() => parseTracingEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url secret-token' }, 'rag-api')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret-token') }),
    );
  });
});
