import { redactUrl } from './redact-url.util';

describe('redactUrl', () => {
  it('hides a password and replaces unparseable input', () => {
    expect(redactUrl('https://user:hunter2@gw.example/v1')).toBe('https://user:***@gw.example/v1');
    expect(redactUrl('not a url hunter2')).toBe('<unparseable URL>');
  });
});
