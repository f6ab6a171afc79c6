/** A span as OTLP/JSON carries it (what the tracing e2e captures), with its service's name. */
export interface TraceSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
}

/** Layout of the picture. */
export interface RenderOptions {
  /** @default 1100 */
  width?: number;
  /** Title line above the chart. */
  title?: string;
}

const ROW = 22;
const LABEL_WIDTH = 330;
const TOP = 58;
const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#af7aa1'];

/**
 * A Gantt chart (waterfall) of one trace as SVG: one row per span in tree order (children under
 * their parent, siblings by start time), its bar placed and sized by its start and duration,
 * coloured by service, with the duration written after it. Hand-written: a page of string
 * templates, where a charting library would pull a browser or canvas in for one static picture.
 */
export function renderTraceSvg(spans: readonly TraceSpan[], options: RenderOptions = {}): string {
  if (spans.length === 0) throw new Error('no spans to draw');
  const width = options.width ?? 1100;
  const rows = treeOrder(spans);
  const start = Math.min(...spans.map((s) => nanos(s.startTimeUnixNano)));
  const end = Math.max(...spans.map((s) => nanos(s.endTimeUnixNano)));
  const total = Math.max(end - start, 1);
  const chart = width - LABEL_WIDTH - 90;
  const x = (t: number): number => LABEL_WIDTH + (chart * (t - start)) / total;
  const services = [...new Set(spans.map((s) => s.service))];
  const colour = (service: string): string => PALETTE[services.indexOf(service) % PALETTE.length];
  const height = TOP + rows.length * ROW + 30;

  const ticks = tickValues(total / 1e6).map((tickMs) => {
    const tx = x(start + tickMs * 1e6).toFixed(1);
    return `<line x1="${tx}" y1="${TOP - 6}" x2="${tx}" y2="${height - 26}" class="grid"/><text x="${tx}" y="${TOP - 10}" class="tick">${tickMs} ms</text>`;
  });
  const bars = rows.map(({ span, depth }, i) => {
    const y = TOP + i * ROW;
    const from = x(nanos(span.startTimeUnixNano));
    const barWidth = Math.max(x(nanos(span.endTimeUnixNano)) - from, 1.5);
    const duration = (nanos(span.endTimeUnixNano) - nanos(span.startTimeUnixNano)) / 1e6;
    return (
      `<text class="label" x="${8 + depth * 14}" y="${y + 15}">${escape(span.name)}</text>` +
      `<rect class="bar" x="${from.toFixed(1)}" y="${y + 4}" width="${barWidth.toFixed(1)}" height="${ROW - 8}" fill="${colour(span.service)}"><title>${escape(`${span.service}: ${span.name}, ${duration.toFixed(1)} ms`)}</title></rect>` +
      `<text class="duration" x="${(from + barWidth + 4).toFixed(1)}" y="${y + 15}">${duration.toFixed(1)} ms</text>`
    );
  });
  const legend = services.map(
    (service, i) => `<rect x="${8 + i * 120}" y="${height - 20}" width="12" height="12" fill="${colour(service)}"/><text x="${24 + i * 120}" y="${height - 10}" class="tick" text-anchor="start">${escape(service)}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    '<style>.label{fill:#222}.duration{fill:#555;font-size:11px}.tick{fill:#777;font-size:10px;text-anchor:middle}.grid{stroke:#e4e4e4}</style>',
    '<rect width="100%" height="100%" fill="#fff"/>',
    `<text x="8" y="20" font-size="14" font-weight="bold">${escape(options.title ?? `trace ${spans[0].traceId}`)}</text>`,
    ...ticks,
    ...bars,
    ...legend,
    '</svg>',
  ].join('\n');
}

function nanos(value: string): number {
  // Epoch nanoseconds exceed 2^53: subtract in BigInt would be exact, but microsecond precision is plenty here.
  return Number(BigInt(value) / 1000n) * 1000;
}

/** Spans depth-first from the roots (spans whose parent is not in the list), siblings by start time. */
function treeOrder(spans: readonly TraceSpan[]): Array<{ span: TraceSpan; depth: number }> {
  const ids = new Set(spans.map((s) => s.spanId));
  const byStart = [...spans].sort((a, b) => nanos(a.startTimeUnixNano) - nanos(b.startTimeUnixNano));
  const rows: Array<{ span: TraceSpan; depth: number }> = [];
  const visit = (span: TraceSpan, depth: number): void => {
    rows.push({ span, depth });
    for (const child of byStart.filter((s) => s.parentSpanId === span.spanId)) visit(child, depth + 1);
  };
  for (const root of byStart.filter((s) => s.parentSpanId === undefined || !ids.has(s.parentSpanId))) visit(root, 0);
  return rows;
}

/** About five round tick values (1, 2 or 5 × 10^n ms) from 0 to `totalMs`. */
function tickValues(totalMs: number): number[] {
  const raw = totalMs / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const values: number[] = [];
  for (let t = 0; t <= totalMs + 1e-9; t += step) values.push(Number(t.toPrecision(6)));
  return values;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
