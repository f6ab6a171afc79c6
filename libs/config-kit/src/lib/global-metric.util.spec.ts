import { Counter, register } from 'prom-client';
import { globalMetric } from './global-metric.util';

describe('globalMetric', () => {
  const name = 'config_kit_global_metric_spec_total';
  afterEach(() => register.removeSingleMetric(name));

  it('creates the metric once, then returns the one on the global registry', () => {
    const create = jest.fn(() => new Counter({ name, help: 'spec' }));
    const first = globalMetric(name, create);
    const second = globalMetric(name, create);
    expect(second).toBe(first);
    expect(register.getSingleMetric(name)).toBe(first);
    expect(create).toHaveBeenCalledTimes(1);
  });
});
