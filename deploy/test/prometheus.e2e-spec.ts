import { waitFor } from '@rag/test-utils';
import { metricsText, startApps } from './support/apps';
import type { AppsUnderTest } from './support/apps';
import { dashboardQueries, exposedNames, loadRules, metricNamesOf, PROMETHEUS_SERIES, recordedNames, RULES_FILE } from './support/promql';
import { startPrometheus } from './support/prometheus-server';
import type { TestPrometheus } from './support/prometheus-server';

interface ApiAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}

/**
 * The apps and Prometheus start once for both suites. Generous bounds: on a loaded 2-core machine
 * the two apps take 20-60 s to compile and boot; the alert needs its `for: 30s` plus a few scrapes.
 */
describe('deploy: rules and dashboard against the real apps and a real Prometheus', () => {
  let apps: AppsUnderTest | undefined;
  let prometheus: TestPrometheus | undefined;

  beforeAll(async () => {
    apps = await startApps();
    const target = (url: string): string => new URL(url).host;
    prometheus = await startPrometheus({
      jobs: { 'rag-api': [target(apps.api.url)], worker: [target(apps.worker.url)] },
      ruleFiles: [RULES_FILE],
      intervalSeconds: 1,
    });
  }, 150_000);

  afterAll(async () => {
    await prometheus?.stop();
    await apps?.stop();
  });

  describe('every rule and panel names only metrics the apps export', () => {
    let known: Set<string>;

    beforeAll(async () => {
      const [api, worker] = await Promise.all([metricsText(apps!.api), metricsText(apps!.worker)]);
      known = new Set([...exposedNames(api), ...exposedNames(worker), ...recordedNames(), ...PROMETHEUS_SERIES]);
      // What each app exports on its own (the worker: jobs; rag-api: HTTP), so a typo cannot hide.
      expect([...exposedNames(api)]).toEqual(
        expect.arrayContaining([
          'http_request_duration_seconds_bucket',
          'embedding_cache_requests_total',
          'embedding_provider_texts_total',
          'embedding_jobs_queue_jobs',
          'rag_documents_stuck_failed_total',
          'rag_documents_stale_in_flight',
        ]),
      );
      expect([...exposedNames(worker)]).toEqual(
        expect.arrayContaining(['embedding_jobs_total', 'embedding_jobs_queue_jobs', 'embedding_jobs_queue_count_errors_total', 'embedding_cache_circuit_open', 'embedding_provider_duration_seconds_bucket']),
      );
    });

    it('the alert and recording rules of deploy/prometheus', () => {
      const rules = loadRules().flatMap((g) => g.rules);
      expect(rules.length).toBeGreaterThanOrEqual(20);
      for (const rule of rules) {
        const unknown = metricNamesOf(rule.expr).filter((name) => !known.has(name));
        expect({ rule: rule.alert ?? rule.record, unknown }).toEqual({ rule: rule.alert ?? rule.record, unknown: [] });
      }
    });

    it('the panels of deploy/grafana', () => {
      const queries = dashboardQueries();
      expect(queries.length).toBeGreaterThanOrEqual(15);
      for (const q of queries) {
        const names = metricNamesOf(q.expr);
        expect(names.length).toBeGreaterThan(0);
        const unknown = names.filter((name) => !known.has(name));
        expect({ panel: q.panel, refId: q.refId, unknown }).toEqual({ panel: q.panel, refId: q.refId, unknown: [] });
      }
    });
  });

  describe("Prometheus loading deploy/prometheus/rules.yml: killing the cache's Redis fires EmbeddingCacheDown, its return resolves it", () => {
    const cacheDown = async (): Promise<ApiAlert[]> =>
      (await prometheus!.api<{ alerts: ApiAlert[] }>('/api/v1/alerts')).alerts.filter((a) => a.labels['alertname'] === 'EmbeddingCacheDown');
    const poll = { intervalMs: 500 };

    it('both apps are scraped, every rule is loaded and healthy, and EmbeddingCacheDown is not firing', async () => {
      await waitFor(
        async () => {
          const { activeTargets } = await prometheus!.api<{ activeTargets: { health: string; labels: Record<string, string> }[] }>('/api/v1/targets');
          return activeTargets.length === 2 && activeTargets.every((t) => t.health === 'up');
        },
        { timeoutMs: 30_000, ...poll, description: 'both targets up' },
      );
      const rulesLoaded = loadRules().flatMap((g) => g.rules).length;
      // Every rule evaluated at least once after the targets were up, without an error.
      await waitFor(
        async () => {
          const { groups } = await prometheus!.api<{ groups: { rules: { health: string; name: string }[] }[] }>('/api/v1/rules');
          const rules = groups.flatMap((g) => g.rules);
          return rules.length === rulesLoaded && rules.every((r) => r.health === 'ok');
        },
        { timeoutMs: 30_000, ...poll, description: 'every rule loaded and evaluated ok' },
      );
      // A few evaluations with the cache up: nothing pending or firing.
      const { result } = await prometheus!.api<{ result: { value: [number, string] }[] }>(
        `/api/v1/query?query=${encodeURIComponent('count_over_time(up{job=~"rag-api|worker"}[30s])')}`,
      );
      expect(result).toHaveLength(2);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(await cacheDown()).toEqual([]);
    });

    it('fires for both apps within its `for: 30s` (plus scrapes) after SIGKILL, and resolves once Redis is back on the same port', async () => {
      await apps!.cacheRedis.kill();
      const killedAt = Date.now();
      // Pending first (for both processes), then firing.
      await waitFor(async () => (await cacheDown()).length === 2, { timeoutMs: 30_000, ...poll, description: 'EmbeddingCacheDown pending or firing for rag-api and worker' });
      const pendingAt = Date.now();
      await waitFor(async () => (await cacheDown()).filter((a) => a.state === 'firing').length === 2, {
        timeoutMs: 90_000,
        ...poll,
        description: 'EmbeddingCacheDown firing for rag-api and worker',
      });
      const firingAt = Date.now();
      const firing = await cacheDown();
      expect(firing.map((a) => a.labels['job']).sort()).toEqual(['rag-api', 'worker']);
      expect(firing.every((a) => a.labels['severity'] === 'critical')).toBe(true);
      // Not before its `for:` has passed since it became pending.
      expect(firingAt - pendingAt).toBeGreaterThanOrEqual(25_000);

      await apps!.cacheRedis.restart();
      const restartedAt = Date.now();
      await waitFor(async () => (await cacheDown()).length === 0, { timeoutMs: 60_000, ...poll, description: 'EmbeddingCacheDown resolved' });
      const resolvedAt = Date.now();
      process.stdout.write(
        `EmbeddingCacheDown: pending ${((pendingAt - killedAt) / 1000).toFixed(1)} s after SIGKILL, firing after ${((firingAt - killedAt) / 1000).toFixed(1)} s; ` +
          `resolved ${((resolvedAt - restartedAt) / 1000).toFixed(1)} s after the restart\n`,
      );
    });
  });
});
