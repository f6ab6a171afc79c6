import { encodeEmbeddingsResponse } from './encode-embeddings-response.util';
import { RecentResponses } from './recent-responses';

describe('RecentResponses', () => {
  const parts = (...texts: string[]): Buffer[] => texts.map((text) => Buffer.from(text));

  it('answers the very bytes of encodeEmbeddingsResponse, and the same Buffer again for the same part buffers, model and tokens', () => {
    const recent = new RecentResponses(4, 1024);
    const wire = parts('[1,2]', '[3]');
    const first = recent.body(wire, 'm', 7);
    expect(first).toEqual(encodeEmbeddingsResponse(wire, 'm', 7));
    expect(recent.body([...wire], 'm', 7)).toBe(first);
  });

  it('never reuses a body when a part is another buffer (even with the same bytes), or the model, tokens or count differ', () => {
    const recent = new RecentResponses(4, 1024);
    const wire = parts('[1,2]', '[3]');
    const first = recent.body(wire, 'm', 7);
    const cases: Array<[Buffer[], string, number]> = [
      [[wire[0], Buffer.from('[3]')], 'm', 7],
      [wire, 'other', 7],
      [wire, 'm', 8],
      [[wire[0]], 'm', 7],
      [[...wire, wire[1]], 'm', 7],
    ];
    for (const [p, model, tokens] of cases) {
      const body = recent.body(p, model, tokens);
      expect(body).not.toBe(first);
      expect(body).toEqual(encodeEmbeddingsResponse(p, model, tokens));
    }
  });

  it('keeps at most maxEntries bodies of at most maxBodyBytes each', () => {
    const recent = new RecentResponses(2, 100);
    const a = parts('[1]');
    const b = parts('[2]');
    const c = parts('[3]');
    const bodyA = recent.body(a, 'm', 1);
    recent.body(b, 'm', 1);
    recent.body(c, 'm', 1);
    expect(recent.body(a, 'm', 1)).not.toBe(bodyA);
    const big = parts(`[${'1,'.repeat(100)}1]`);
    expect(recent.body(big, 'm', 1)).not.toBe(recent.body(big, 'm', 1));
  });
});
