import { describeStringProblem } from './describe-string-problem.util';

describe('describeStringProblem', () => {
  it.each([
    ['an empty string', ''],
    ['ASCII', 'plain text'],
    ['U+FFFD itself', 'x\ufffdy'],
    ['a surrogate pair', 'a \ud83d\ude00 smile'],
    ['a pair at the very end', 'end \udbff\udfff'],
    ['other control characters', 'tab\tand\u0001'],
  ])('accepts %s', (_name, value) => {
    expect(describeStringProblem(value)).toBeNull();
  });

  it.each([
    ['NUL', 'x\u0000y', 'must not contain the NUL character (\\u0000)'],
    ['a lone high surrogate', 'x\ud800y', 'must not contain an unpaired UTF-16 surrogate (\\ud800); send well-formed Unicode text'],
    ['a lone low surrogate', 'x\udfffy', 'must not contain an unpaired UTF-16 surrogate (\\udfff); send well-formed Unicode text'],
    ['a high surrogate at the end', 'x\udbff', 'must not contain an unpaired UTF-16 surrogate (\\udbff); send well-formed Unicode text'],
    ['two high surrogates', '\ud800\ud800\udc00', 'must not contain an unpaired UTF-16 surrogate (\\ud800); send well-formed Unicode text'],
    ['the first problem when there are two', 'a\udc00b\u0000', 'must not contain an unpaired UTF-16 surrogate (\\udc00); send well-formed Unicode text'],
  ])('refuses %s', (_name, value, message) => {
    expect(describeStringProblem(value)).toBe(message);
  });
});
