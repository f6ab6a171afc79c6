import { isPostgresUrl } from './is-postgres-url.util';

describe('isPostgresUrl', () => {
  it.each(['postgres://db/rag', 'postgresql://u:p@127.0.0.1:5432/rag?sslmode=require'])('accepts %s', (url) => {
    expect(isPostgresUrl(url)).toBe(true);
  });

  it.each(['mysql://db/rag', 'postgres:///rag', 'db:5432', '', 42, undefined])('rejects %p', (url) => {
    expect(isPostgresUrl(url)).toBe(false);
  });
});
