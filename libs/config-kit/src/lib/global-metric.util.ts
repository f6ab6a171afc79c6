import { register } from 'prom-client';
import type { Metric } from 'prom-client';

/**
 * The metric `name` on prom-client's global registry (the apps' `/metrics`), or the one `create`
 * makes (and registers there) when it has none yet. Code outside Nest's injection thereby shares
 * the series a `makeXProvider` of @willsoto/nestjs-prometheus registered on the global registry,
 * and several apps built in one process (tests) share them rather than failing on the second
 * registration of a name.
 */
export function globalMetric<T extends Metric>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}
