import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dashboardQueries, loadDashboards, loadRules, metricNamesOf, panelsOf, PROMETHEUS_DIR, promtool, RULES_FILE } from './support/promql';

/** The promtool unit test files of deploy/prometheus. */
const TEST_FILES = readdirSync(PROMETHEUS_DIR)
  .filter((f) => f.endsWith('.test.yml'))
  .map((f) => join(PROMETHEUS_DIR, f));

describe('deploy/prometheus rules (promtool)', () => {
  it('promtool check rules accepts rules.yml', async () => {
    const { code, output } = await promtool(['check', 'rules', RULES_FILE]);
    expect(output).toContain('SUCCESS');
    expect(code).toBe(0);
  });

  it('promtool test rules passes every unit test of the *.test.yml files', async () => {
    expect(TEST_FILES).toEqual(expect.arrayContaining([join(PROMETHEUS_DIR, 'rules.test.yml')]));
    const { code, output } = await promtool(['test', 'rules', ...TEST_FILES]);
    expect(output.match(/SUCCESS/g)).toHaveLength(TEST_FILES.length);
    expect(code).toBe(0);
  });

  it('promtool check config accepts the example prometheus.yml (and the rules it loads)', async () => {
    const { code, output } = await promtool(['check', 'config', join(PROMETHEUS_DIR, 'prometheus.yml')]);
    expect(output).toContain('is valid prometheus config file syntax');
    expect(code).toBe(0);
  });

  it('every alert has a severity, a summary, a description and a `for`, and is unit-tested firing and not firing', () => {
    const alerts = loadRules().flatMap((g) => g.rules.filter((r) => r.alert));
    expect(alerts.length).toBeGreaterThanOrEqual(10);
    for (const alert of alerts) {
      expect({ alert: alert.alert, severity: alert.labels?.['severity'] }).toEqual({ alert: alert.alert, severity: expect.stringMatching(/^(critical|warning|info)$/) });
      expect({ alert: alert.alert, summary: alert.annotations?.['summary'] }).toEqual({ alert: alert.alert, summary: expect.any(String) });
      expect({ alert: alert.alert, description: (alert.annotations?.['description'] ?? '').length > 40 }).toEqual({ alert: alert.alert, description: true });
      expect({ alert: alert.alert, for: alert.for }).toEqual({ alert: alert.alert, for: expect.stringMatching(/^\d+[smh]$/) });
    }
    // Each alert appears in rules.test.yml with an expected firing alert (exp_labels) under its name.
    const tests = TEST_FILES.map((file) => readFileSync(file, 'utf8')).join('\n');
    for (const alert of alerts) {
      expect({ alert: alert.alert, firing: new RegExp(`alertname: ${alert.alert}\\n\\s+exp_alerts:\\n\\s+- exp_labels`).test(tests) }).toEqual({ alert: alert.alert, firing: true });
      expect({ alert: alert.alert, notFiring: new RegExp(`alertname: ${alert.alert}\\n\\s+exp_alerts: \\[\\]`).test(tests) }).toEqual({ alert: alert.alert, notFiring: true });
    }
  });
});

describe('deploy/grafana dashboards: every panel query parses', () => {
  const queries = dashboardQueries();

  it('the dashboards hold PromQL queries', () => {
    expect(queries.length).toBeGreaterThanOrEqual(15);
  });

  it('each dashboard is importable: schemaVersion 39, a uid, and every panel reads the ${DS_PROMETHEUS} data source variable', () => {
    for (const { file, json } of loadDashboards()) {
      expect({ file, schemaVersion: json['schemaVersion'], uid: typeof json['uid'] }).toEqual({ file, schemaVersion: 39, uid: 'string' });
      const variables = (json['templating'] as { list: { name: string; type: string; query: string }[] }).list;
      expect(variables).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', query: 'prometheus' })]));
      for (const panel of panelsOf(json).filter((p) => p.type !== 'row')) {
        const sources = [(panel as { datasource?: unknown }).datasource, ...(panel.targets ?? []).map((t) => (t as { datasource?: unknown }).datasource)];
        expect({ panel: panel.title, sources }).toEqual({ panel: panel.title, sources: sources.map(() => ({ type: 'prometheus', uid: '${DS_PROMETHEUS}' })) });
      }
    }
  });

  it("every query parses with the Prometheus project's PromQL grammar (lezer-promql)", () => {
    // metricNamesOf throws, quoting the query, on a syntax error.
    for (const q of queries) expect({ ...q, names: metricNamesOf(q.expr).length > 0 }).toEqual({ ...q, names: true });
  });

  it('promtool accepts every query (as a recording rule of a generated rules file): the Prometheus server parses them too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rag-dashboard-rules-'));
    try {
      const file = join(dir, 'dashboard-queries.yml');
      // JSON is YAML.
      const groups = [{ name: 'dashboard-queries', rules: queries.map((q, i) => ({ record: `dashboard:query_${i}`, expr: q.expr })) }];
      writeFileSync(file, JSON.stringify({ groups }));
      const { code, output } = await promtool(['check', 'rules', file]);
      expect(output).toContain(`SUCCESS: ${queries.length} rules found`);
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
