import { redactSecret } from './redact-secret.util';

describe('redactSecret', () => {
  it('replaces every occurrence of the secret', () => {
    expect(redactSecret('key sk-1 and sk-1 again', 'sk-1')).toBe('key *** and *** again');
  });

  it('leaves the text alone without a secret', () => {
    expect(redactSecret('text', undefined)).toBe('text');
    expect(redactSecret('text', '')).toBe('text');
  });
});
