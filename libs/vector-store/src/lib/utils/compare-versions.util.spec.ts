import { compareVersions } from './compare-versions.util';

describe('compareVersions', () => {
  it.each([
    ['0.8.0', '0.8.0', 0],
    ['0.8', '0.8.0', 0],
    ['0.8.1', '0.8.0', 1],
    ['0.7.4', '0.8.0', -1],
    ['0.10.0', '0.9.9', 1],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
});
