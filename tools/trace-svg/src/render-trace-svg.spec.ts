import { renderTraceSvg } from './render-trace-svg';
import type { TraceSpan } from './render-trace-svg';

const ms = (n: number): string => String(BigInt(1_700_000_000_000) * 1_000_000n + BigInt(Math.round(n * 1e6)));
const span = (spanId: string, parentSpanId: string | undefined, name: string, service: string, from: number, to: number): TraceSpan => ({
  traceId: 't',
  spanId,
  parentSpanId,
  name,
  service,
  startTimeUnixNano: ms(from),
  endTimeUnixNano: ms(to),
});

describe('renderTraceSvg', () => {
  const spans = [
    span('c', 'b', 'process embedding-jobs', 'worker', 30, 90),
    span('a', undefined, 'POST /v1/documents', 'rag-api', 0, 20),
    span('b', 'a', 'send embedding-jobs', 'rag-api', 5, 10),
    span('d', 'c', 'vector_store.upsert', 'worker', 70, 88),
  ];

  it('draws one labelled bar per span, children under their parent, positioned by time', () => {
    const svg = renderTraceSvg(spans, { width: 1000 });
    expect(svg.startsWith('<svg')).toBe(true);
    const labels = [...svg.matchAll(/<text class="label"[^>]*>([^<]*)</g)].map((m) => m[1].trim());
    expect(labels).toEqual(['POST /v1/documents', 'send embedding-jobs', 'process embedding-jobs', 'vector_store.upsert']);
    const bars = [...svg.matchAll(/<rect class="bar" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    // The root spans 0-20 ms of 90 ms; the job 30-90 ms: a bar starts where its span starts.
    expect(bars[2][0] - bars[0][0]).toBeCloseTo((bars[0][1] * 30) / 20, 0);
    expect(bars[2][1] / bars[0][1]).toBeCloseTo(3, 1);
    expect(svg).toContain('20.0 ms');
    expect(svg).toContain('rag-api');
    expect(svg).toContain('worker');
  });

  it('escapes names and rejects an empty trace', () => {
    expect(renderTraceSvg([span('a', undefined, 'GET /<x>&', 's', 0, 1)])).toContain('GET /&lt;x&gt;&amp;');
    expect(() => renderTraceSvg([])).toThrow('no spans');
  });
});
