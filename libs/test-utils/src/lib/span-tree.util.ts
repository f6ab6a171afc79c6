/** A span's place in its trace: its id and its parent's. */
export interface SpanLink {
  spanId: string;
  parentSpanId?: string;
}

/** Whether `ancestor` is `span`'s parent, or its parent's, and so on, among `spans` (one trace, any process). */
export function descendsFrom(span: SpanLink, ancestor: SpanLink, spans: readonly SpanLink[]): boolean {
  const parents = new Map(spans.map((s) => [s.spanId, s.parentSpanId]));
  for (let parent = span.parentSpanId; parent !== undefined; parent = parents.get(parent)) {
    if (parent === ancestor.spanId) return true;
  }
  return false;
}
