import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { parse as parseYaml } from 'yaml';
import { WORKSPACE_ROOT } from '@rag/test-utils';

/** Path of the promtool binary; `PROMTOOL_BIN` overrides it. */
export const PROMTOOL_BIN = process.env['PROMTOOL_BIN'] ?? 'promtool';
export const PROMETHEUS_DIR = join(WORKSPACE_ROOT, 'deploy', 'prometheus');
export const RULES_FILE = join(PROMETHEUS_DIR, 'rules.yml');
export const GRAFANA_DIR = join(WORKSPACE_ROOT, 'deploy', 'grafana');

/** Series Prometheus writes itself for every scrape target (not exported by the apps). */
export const PROMETHEUS_SERIES = ['up'];

/** Runs promtool and resolves its exit code and output (never rejects on a non-zero exit). */
export function promtool(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(PROMTOOL_BIN, args, { cwd: WORKSPACE_ROOT }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      const missing = error?.code === 'ENOENT' ? `${PROMTOOL_BIN} not found: install Debian's prometheus package (apt-get install -y prometheus; .ci/run does)` : '';
      resolve({ code, output: `${stdout}${stderr}${missing || (error && code === -1 ? error.message : '')}` });
    });
  });
}

interface RuleFile {
  groups: { name: string; rules: { record?: string; alert?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }[] }[];
}

/** The groups of deploy/prometheus/rules.yml. */
export function loadRules(): RuleFile['groups'] {
  return (parseYaml(readFileSync(RULES_FILE, 'utf8')) as RuleFile).groups;
}

/** Names of the recording rules of rules.yml. */
export function recordedNames(): string[] {
  return loadRules().flatMap((g) => g.rules.flatMap((r) => (r.record ? [r.record] : [])));
}

/** One PromQL query of a dashboard panel. */
export interface PanelQuery {
  dashboard: string;
  panel: string;
  refId: string;
  expr: string;
}

interface GrafanaPanel {
  title: string;
  type: string;
  targets?: { refId: string; expr: string }[];
  panels?: GrafanaPanel[];
}

/** The dashboards of deploy/grafana, by file name. */
export function loadDashboards(): { file: string; json: { panels: GrafanaPanel[] } & Record<string, unknown> }[] {
  return readdirSync(GRAFANA_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((file) => ({ file, json: JSON.parse(readFileSync(join(GRAFANA_DIR, file), 'utf8')) }));
}

/** Every panel (rows' nested panels included) of a dashboard. */
export function panelsOf(dashboard: { panels: GrafanaPanel[] }): GrafanaPanel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/**
 * Grafana's built-in interval variables replaced by durations Prometheus accepts, so the queries
 * can be checked outside Grafana.
 */
export function withGrafanaVariables(expr: string): string {
  return expr.replace(/\$__rate_interval|\$__interval|\$__range/g, (v) => ({ $__rate_interval: '5m', $__interval: '1m', $__range: '1h' })[v] ?? v);
}

/** Every PromQL query of every dashboard, Grafana variables substituted. */
export function dashboardQueries(): PanelQuery[] {
  return loadDashboards().flatMap(({ file, json }) =>
    panelsOf(json).flatMap((panel) => (panel.targets ?? []).map((t) => ({ dashboard: file, panel: panel.title, refId: t.refId, expr: withGrafanaVariables(t.expr) }))),
  );
}

/**
 * Parses `expr` with the Prometheus project's PromQL grammar and returns the metric names its
 * vector selectors name; throws naming the position of a syntax error.
 */
export function metricNamesOf(expr: string): string[] {
  const tree = parser.parse(expr);
  const names = new Set<string>();
  let errorAt = -1;
  tree.iterate({
    enter(node) {
      if (node.type.isError && errorAt < 0) errorAt = node.from;
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') names.add(expr.slice(node.from, node.to));
      if (node.name === 'UnquotedLabelMatcher' && /^__name__/.test(expr.slice(node.from, node.to))) {
        throw new Error(`selects by __name__, which this check cannot follow: ${expr}`);
      }
    },
  });
  if (errorAt >= 0) throw new Error(`PromQL syntax error at ${errorAt}: ${expr.slice(0, errorAt)} <here> ${expr.slice(errorAt)}`);
  return [...names];
}

/**
 * Metric names a /metrics page exposes. The `# TYPE` lines name each family (present even before
 * the first sample); histograms and summaries are queried through their _bucket/_sum/_count series.
 */
export function exposedNames(metricsText: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of metricsText.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
  }
  return names;
}
