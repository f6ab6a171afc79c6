import { vectorIndexKind } from './vector-index-kind.util';

describe('vectorIndexKind', () => {
  it.each([
    [384, '0.8.0', 'vector'],
    [2000, '0.5.0', 'vector'],
    [2001, '0.8.0', 'halfvec'],
    [3072, '0.7.0', 'halfvec'],
    [3072, '0.6.2', 'none'],
    [4001, '0.8.0', 'none'],
    [384, '0.4.4', 'none'],
  ])('%i dimensions on pgvector %s: %s', (dimensions, version, kind) => {
    expect(vectorIndexKind(dimensions, version)).toBe(kind);
  });
});
