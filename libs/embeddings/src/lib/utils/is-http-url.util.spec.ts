import { isHttpUrl } from './is-http-url.util';

describe('isHttpUrl', () => {
  it.each([
    ['http://127.0.0.1:11434/v1', true],
    ['https://api.openai.com/v1', true],
    ['ftp://host/v1', false],
    ['localhost:8080', false],
    ['', false],
    [42, false],
  ])('%p → %p', (value, expected) => {
    expect(isHttpUrl(value)).toBe(expected);
  });
});
