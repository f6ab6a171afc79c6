import { redactDatabaseUrl } from './redact-database-url.util';

describe('redactDatabaseUrl', () => {
  it('hides a password in the user info or the query', () => {
    expect(redactDatabaseUrl('postgresql://rag:hunter2@db:5432/rag')).toBe('postgresql://rag:***@db:5432/rag');
    expect(redactDatabaseUrl('postgres://db/rag?user=rag&password=hunter2')).toBe('postgres://db/rag?user=rag&password=***');
  });

  it('leaves a URL without a password as it is', () => {
    expect(redactDatabaseUrl('postgres://rag@db/rag')).toBe('postgres://rag@db/rag');
  });

  it('replaces unparseable input', () => {
    expect(redactDatabaseUrl('rag:hunter2@db')).toBe('<unparseable URL>');
  });
});
