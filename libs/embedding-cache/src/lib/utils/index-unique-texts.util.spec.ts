import { indexUniqueTexts } from './index-unique-texts.util';

describe('indexUniqueTexts', () => {
  it('keeps one key per text, in order of first appearance, and maps every input to its key', () => {
    const unique = indexUniqueTexts(['b', 'a', 'b', 'c', 'a'], (text) => `k:${text}`);
    expect(unique).toEqual({ keys: ['k:b', 'k:a', 'k:c'], texts: ['b', 'a', 'c'], slots: [0, 1, 0, 2, 1] });
  });

  it('treats texts with the same key as one (the first text is the one computed)', () => {
    const unique = indexUniqueTexts(['A', 'a'], (text) => text.toLowerCase());
    expect(unique).toEqual({ keys: ['a'], texts: ['A'], slots: [0, 0] });
  });
});
