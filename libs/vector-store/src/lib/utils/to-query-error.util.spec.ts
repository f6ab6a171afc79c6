import { InvalidArgumentError } from '../errors/invalid-argument.error';
import { VectorStoreQueryError } from '../errors/vector-store-query.error';
import { toQueryError } from './to-query-error.util';

describe('toQueryError', () => {
  it('wraps a database error with its SQLSTATE and cause', () => {
    const cause = Object.assign(new Error('permission denied for schema public'), { code: '42501' });
    const error = toQueryError('init', cause);
    expect(error).toBeInstanceOf(VectorStoreQueryError);
    expect(error).toMatchObject({
      operation: 'init',
      sqlState: '42501',
      cause,
      message: 'Vector store init failed (SQLSTATE 42501): permission denied for schema public',
    });
  });

  it('ignores codes that are not SQLSTATEs (e.g. ECONNREFUSED) and non-Error values', () => {
    expect(toQueryError('search', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toMatchObject({
      sqlState: undefined,
      message: 'Vector store search failed: connect ECONNREFUSED',
    });
    expect(toQueryError('ping', 'closed').message).toBe('Vector store ping failed: closed');
  });

  it('places the message in a template, verbatim', () => {
    expect(toQueryError('init', new Error('a $& b'), 'x: %s; hint').message).toBe('Vector store init failed: x: a $& b; hint');
  });

  it('passes errors of this library through', () => {
    const own = new InvalidArgumentError('topK must be an integer');
    expect(toQueryError('search', own)).toBe(own);
  });
});
