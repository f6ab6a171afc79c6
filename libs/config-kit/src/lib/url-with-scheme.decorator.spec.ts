import 'reflect-metadata';
import { IsOptional, validateSync } from 'class-validator';
import { UrlWithScheme } from './url-with-scheme.decorator';

class UrlsEnv {
  @UrlWithScheme(['redis', 'rediss'])
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsOptional()
  @UrlWithScheme(['postgres', 'postgresql'])
  DATABASE_URL?: string = undefined;

  @IsOptional()
  @UrlWithScheme(['http', 'https'])
  OPENAI_BASE_URL?: string = undefined;
}

const messagesOf = (values: Partial<UrlsEnv>): string[] =>
  validateSync(Object.assign(new UrlsEnv(), values)).flatMap((error) => Object.values(error.constraints ?? {}));

describe('UrlWithScheme', () => {
  it('accepts URLs with an allowed scheme and a host, and an unset optional one', () => {
    expect(messagesOf({ REDIS_URL: 'rediss://:pw@cache:6380/1', DATABASE_URL: 'postgresql://db/rag', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' })).toEqual([]);
    expect(messagesOf({})).toEqual([]);
  });

  it('words each rule as the constraint it replaces did', () => {
    expect(messagesOf({ REDIS_URL: 'http://user:hunter2@x', DATABASE_URL: 'mysql://db/rag', OPENAI_BASE_URL: '127.0.0.1:11434' })).toEqual([
      'REDIS_URL must be a redis:// or rediss:// URL with a host',
      'DATABASE_URL must be a postgres:// or postgresql:// URL with a host',
      'OPENAI_BASE_URL must be an http:// or https:// URL with a host',
    ]);
  });

  it('never repeats the value, which may hold a password', () => {
    expect(messagesOf({ REDIS_URL: 'http://user:hunter2@x' }).join()).not.toContain('hunter2');
  });

  it('passes validation options on', () => {
    class Custom {
      @UrlWithScheme(['amqp'], { message: '$property needs a broker URL' })
      BROKER_URL = 'nope';
    }
    expect(validateSync(new Custom()).flatMap((error) => Object.values(error.constraints ?? {}))).toEqual(['BROKER_URL needs a broker URL']);
  });
});
