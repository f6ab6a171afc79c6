import { describeQueryProblem } from './describe-query-problem.util';

const NONE = new Set<string>();
const COLLECTION = new Set(['collection']);

describe('describeQueryProblem', () => {
  it.each([
    ['no query', '', NONE],
    ['an empty query after "?"', '&&', NONE],
    ['a declared parameter', 'collection=default', COLLECTION],
    ['an encoded value', 'collection=a%20b+c%E4%B8%AD', COLLECTION],
    ['a parameter without a value', 'collection', COLLECTION],
    ['an encoded name', 'c%6Fllection=x', COLLECTION],
  ])('accepts %s', (_name, query, allowed) => {
    expect(describeQueryProblem(query, allowed)).toBeNull();
  });

  it.each([
    ['x=1', NONE, { param: 'x', message: 'unknown query parameter "x"; this route takes none' }],
    ['collection=a&colection=b', COLLECTION, { param: 'colection', message: 'unknown query parameter "colection"; this route takes: collection' }],
    ['name[]=a', NONE, { param: 'name[]', message: 'unknown query parameter "name[]"; this route takes none' }],
    // A blank name is named by its raw form, or quoted: `param` is never blank (the fast-check property found "%09").
    ['%09=1', COLLECTION, { param: '%09', message: 'unknown query parameter "\\t"; this route takes: collection' }],
    ['=1', NONE, { param: '""', message: 'unknown query parameter ""; this route takes none' }],
    ['+=1', NONE, { param: '+', message: 'unknown query parameter " "; this route takes none' }],
    ['collection=x%00y', COLLECTION, { param: 'collection', message: 'collection must not contain the NUL character (\\u0000)' }],
    ['collection=x%ED%A0%80', COLLECTION, { param: 'collection', message: 'collection is not valid percent-encoded UTF-8 (got "x%ED%A0%80")' }],
    ['collection=%', COLLECTION, { param: 'collection', message: 'collection is not valid percent-encoded UTF-8 (got "%")' }],
    ['%FF=1', NONE, { param: '%FF', message: 'query parameter "%FF" is not valid percent-encoded UTF-8' }],
    ['a%00=1', NONE, { param: 'a%00', message: 'query parameter "a%00" must not contain the NUL character (\\u0000)' }],
  ])('refuses %s', (query, allowed, problem) => {
    expect(describeQueryProblem(query, allowed)).toEqual(problem);
  });
});
