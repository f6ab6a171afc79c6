import { describeUrlSchemes } from './describe-url-schemes.util';

describe('describeUrlSchemes', () => {
  it.each([
    [['redis', 'rediss'], 'a redis:// or rediss:// URL with a host'],
    [['postgres', 'postgresql'], 'a postgres:// or postgresql:// URL with a host'],
    [['http', 'https'], 'an http:// or https:// URL with a host'],
    [['amqp'], 'an amqp:// URL with a host'],
    [['ws', 'wss', 'http'], 'a ws://, wss:// or http:// URL with a host'],
  ])('describes %j as %j', (schemes, words) => {
    expect(describeUrlSchemes(schemes)).toBe(words);
  });
});
