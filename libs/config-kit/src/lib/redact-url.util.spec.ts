import { redactUrl } from './redact-url.util';

describe('redactUrl', () => {
  it('replaces the password of a Redis URL and keeps the rest', () => {
    expect(redactUrl('redis://app:s3cr3t@cache.internal:6380/2')).toBe('redis://app:***@cache.internal:6380/2');
    expect(redactUrl('rediss://:s3cr3t@10.0.0.1:6379')).toBe('rediss://:***@10.0.0.1:6379');
  });

  it('hides a password of an http URL', () => {
    expect(redactUrl('https://user:hunter2@gw.example/v1')).toBe('https://user:***@gw.example/v1');
  });

  it('hides a password in the user info or the query of a database URL', () => {
    expect(redactUrl('postgresql://rag:hunter2@db:5432/rag')).toBe('postgresql://rag:***@db:5432/rag');
    expect(redactUrl('postgres://db/rag?user=rag&password=hunter2')).toBe('postgres://db/rag?user=rag&password=***');
  });

  it('leaves a URL without a password as it is', () => {
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactUrl('postgres://rag@db/rag')).toBe('postgres://rag@db/rag');
  });

  it.each(['localhost:11434', 'gateway:8080', '127.0.0.1:6379', '[::1]:6379'])('shows a bare host:port %j as given', (raw) => {
    expect(redactUrl(raw)).toBe(raw);
  });

  it.each(['not a url s3cr3t', 'rag:hunter2@db', 'rag:hunter2', 's3cr3t', '/v1'])('replaces unparseable or host-less input %j entirely', (raw) => {
    expect(redactUrl(raw)).toBe('<unparseable URL>');
  });
});
