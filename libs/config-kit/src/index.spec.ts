import * as api from './index';

describe('@rag/config-kit public entry', () => {
  const runtimeExports = [
    'loadEnv',
    'redactEnvValue',
    'redactUrl',
    'UNPARSEABLE_URL',
    'IntegerIn',
    'IsIntegerIn',
    'BooleanEnv',
    'parseBooleanEnv',
    'UrlWithScheme',
    'UrlWithSchemeConstraint',
    'isUrlWithScheme',
    'describeUrlSchemes',
    'integerProblems',
    'stripUndefined',
    'withDeadline',
    'DeadlineExceededError',
    'LOOP_LAG_FLOOR_MS',
    'CircuitBreaker',
    'ProbeTimer',
    'globalMetric',
  ];

  it.each(runtimeExports)('exports %s', (name) => {
    expect((api as Record<string, unknown>)[name]).toBeDefined();
  });

  it('exports nothing unlisted at runtime', () => {
    expect(Object.keys(api).sort()).toEqual([...runtimeExports].sort());
  });
});
