const sdkLoaded = jest.fn();
const sdkStart = jest.fn();
const sdkOptions = jest.fn();
jest.mock('@opentelemetry/sdk-node', () => {
  sdkLoaded();
  return {
    NodeSDK: class {
      constructor(options: unknown) {
        sdkOptions(options);
      }
      start = sdkStart;
      shutdown = (): Promise<void> => Promise.resolve();
    },
  };
});

import { startTracing, stopTracing, tracingStarted } from './start-tracing';

describe('startTracing', () => {
  afterEach(() => stopTracing());

  it('loads no part of the SDK when no OTEL_* variable asks for traces (the default)', () => {
    expect(startTracing('rag-api', {})).toEqual({ enabled: false });
    expect(startTracing('rag-api', { OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toEqual({ enabled: false });
    expect(sdkLoaded).not.toHaveBeenCalled();
    expect(tracingStarted()).toBe(false);
  });

  it('starts the SDK with the HTTP instrumentation, the service name, and no metrics or logs pipelines', () => {
    expect(startTracing('worker', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toEqual({ enabled: true, serviceName: 'worker' });
    expect(sdkStart).toHaveBeenCalledTimes(1);
    expect(sdkOptions).toHaveBeenCalledWith(
      expect.objectContaining({ serviceName: 'worker', metricReaders: [], logRecordProcessors: [], instrumentations: [expect.anything()] }),
    );
    expect(tracingStarted()).toBe(true);
  });

  it('fails with the variable named on a bad value, before loading anything', () => {
    expect(() => startTracing('rag-api', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'localhost:4318' })).toThrow('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  });
});
