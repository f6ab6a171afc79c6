import { formatBytes } from './format-bytes.util';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [500 * 1024 * 1024, '500.0 MiB'],
    [2.25 * 1024 ** 3, '2.3 GiB'],
  ])('formats %d as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
