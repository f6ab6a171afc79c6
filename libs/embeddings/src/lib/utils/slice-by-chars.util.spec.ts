import { sliceByChars } from './slice-by-chars.util';

describe('sliceByChars', () => {
  it('cuts texts into consecutive slices of at most maxChars characters, in input order', () => {
    const texts = ['aaaa', 'bb', 'cc', 'ddd', 'e'];
    const slices = sliceByChars(texts, 5);
    expect(slices).toEqual([['aaaa'], ['bb', 'cc'], ['ddd', 'e']]);
    expect(slices.flat()).toEqual(texts);
  });

  it('puts a text longer than maxChars in a slice of its own, and gives one empty slice for no texts', () => {
    expect(sliceByChars(['a', 'xxxxxxxx', 'b'], 3)).toEqual([['a'], ['xxxxxxxx'], ['b']]);
    expect(sliceByChars([], 3)).toEqual([[]]);
  });
});
