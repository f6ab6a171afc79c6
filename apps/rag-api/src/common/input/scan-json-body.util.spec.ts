import fc from 'fast-check';
import { describeStringProblem } from './describe-string-problem.util';
import { JSON_BODY_RULES } from './input-limits.constants';
import type { JsonBodyRules } from './interfaces/json-body-rules.interface';
import { scanJsonBody } from './scan-json-body.util';

const scan = (json: string, rules: JsonBodyRules = JSON_BODY_RULES) => scanJsonBody(Buffer.from(json), rules);
const arrays = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const objects = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('scanJsonBody', () => {
  describe('accepts', () => {
    it.each([
      ['an empty body (the parser makes it {})', ''],
      ['whitespace', ' \n\t'],
      ['an embeddings request', '{"input":["a","b"],"model":"m","encoding_format":"float"}'],
      ['a document', '{"id":"d","text":"t","metadata":{"topic":"x","tags":["a",1,true,null],"n":{"m":{}}}}'],
      ['brackets and braces inside strings', JSON.stringify({ input: ['[[[[{{{{', '}]}]', '"quoted" [x]'] })],
      ['escaped quotes and backslashes', String.raw`{"input":"a \" [ \\ ] \\\" { \/ \n"}`],
      ['an escaped backslash before u0000 (text, not a NUL)', String.raw`{"input":"\\u0000 and \\ud800"}`],
      ['escapes that are not problems', String.raw`{"input":"\u0041\u00e9\u4e2d\uFFFD\u001f"}`],
      ['an escaped surrogate pair', String.raw`{"input":"\ud83d\ude00 and \uDBFF\uDFFF"}`],
      ['raw UTF-8 text', JSON.stringify({ input: 'héllo 中文 😀' })],
      ['reserved names as values and inside longer keys', '{"input":"__proto__","metadata":{"constructors":1,"a_prototype":"constructor"}}'],
      ['the whole body nested 32 levels', `{"input":"x","extra":${arrays(31)}}`],
      ['metadata nested 16 levels', `{"metadata":{"a":${arrays(15)}}}`],
      ['a field named metadata below the top level, nested 31 levels', `{"extra":{"metadata":${arrays(30)}}}`],
      ['other fields nested 32 levels after metadata closed', `{"metadata":{},"extra":${arrays(31)}}`],
    ])('%s', (_name, json) => {
      expect(scan(json)).toBeNull();
    });
  });

  describe('nesting', () => {
    it('refuses 33 levels in the body, naming the first level too deep', () => {
      expect(scan(`{"input":${arrays(32)}}`)).toEqual({
        param: `input${'[0]'.repeat(31)}`,
        message: `input${'[0]'.repeat(31)} is nested too deeply: the request body allows at most 32 levels of arrays and objects`,
      });
    });

    it.each(['metadata', 'filter'])('refuses 17 levels in %s', (field) => {
      expect(scan(`{"q":"x","${field}":{"a":${arrays(16)}}}`)).toEqual({
        param: `${field}.a${'[0]'.repeat(15)}`,
        message: `${field}.a${'[0]'.repeat(15)} is nested too deeply: ${field} allows at most 16 levels of arrays and objects`,
      });
    });

    it('names objects by their keys and arrays by their indexes', () => {
      const json = `{"metadata":{"list":[0,1,{"x":[5,6,${objects(20)}]}]}}`;
      expect(scan(json)?.param).toBe(`metadata.list[2].x[2]${'.a'.repeat(12)}`);
    });

    it('applies the field limit to an escaped spelling of the field name', () => {
      expect(scan(`{"m\\u0065tadata":${objects(20)}}`)?.param).toBe(`metadata${'.a'.repeat(16)}`);
    });

    it('scans a million levels without recursion', () => {
      const depth = 1_000_000;
      expect(scan(`{"input":${arrays(depth)}}`)?.message).toMatch(/at most 32 levels/);
    });
  });

  describe('strings and keys', () => {
    it.each([
      [String.raw`{"input":"x\u0000y"}`, 'input', 'input must not contain the NUL character (\\u0000)'],
      [String.raw`{"input":["a","b","\ud800"]}`, 'input[2]', 'input[2] must not contain an unpaired UTF-16 surrogate (\\ud800); send well-formed Unicode text'],
      [String.raw`{"input":"\uDFFF"}`, 'input', 'input must not contain an unpaired UTF-16 surrogate (\\udfff); send well-formed Unicode text'],
      [String.raw`{"input":"\ud800\u0041"}`, 'input', 'input must not contain an unpaired UTF-16 surrogate (\\ud800); send well-formed Unicode text'],
      [String.raw`{"input":"\ud800\ud800\udc00"}`, 'input', 'input must not contain an unpaired UTF-16 surrogate (\\ud800); send well-formed Unicode text'],
      [String.raw`{"input":"ok \" \\ \ud83d\ude00 then \u0000"}`, 'input', 'input must not contain the NUL character (\\u0000)'],
      [String.raw`{"metadata":{"a":{"b":[1,"\u0000"]}}}`, 'metadata.a.b[1]', 'metadata.a.b[1] must not contain the NUL character (\\u0000)'],
      [String.raw`{"metadata":{"k\u0000":1}}`, 'metadata["k\\u0000"]', 'metadata["k\\u0000"] must not contain the NUL character (\\u0000)'],
      [String.raw`{"filter":{"k\udc00":"v"}}`, 'filter["k\\udc00"]', 'filter["k\\udc00"] must not contain an unpaired UTF-16 surrogate (\\udc00); send well-formed Unicode text'],
      [String.raw`{"a b":{"c-d":"\u0000"}}`, '["a b"]["c-d"]', '["a b"]["c-d"] must not contain the NUL character (\\u0000)'],
      [String.raw`"\u0000"`, 'body', 'body must not contain the NUL character (\\u0000)'],
    ])('%s → %s', (json, param, message) => {
      expect(scan(json)).toEqual({ param, message });
    });

    it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s anywhere, escaped or not', (key) => {
      const problem = (param: string) => ({
        param,
        message: `${param} is not allowed: "${key}" is a reserved key (__proto__, constructor and prototype are refused anywhere in the body)`,
      });
      expect(scan(`{"${key}":1}`)).toEqual(problem(key));
      expect(scan(`{"filter":{"${key}":"v2"}}`)).toEqual(problem(`filter.${key}`));
      expect(scan(`{"metadata":{"a":[{}, {"${key}" : {}}]}}`)).toEqual(problem(`metadata.a[1].${key}`));
      const escaped = `\\u${key.charCodeAt(0).toString(16).padStart(4, '0')}${key.slice(1)}`;
      expect(scan(`{"filter":{"${escaped}":"v2"}}`)).toEqual(problem(`filter.${key}`));
    });

    it('refuses a top-level array', () => {
      expect(scan(' [{"input":"x"}]')).toEqual({ param: 'body', message: 'request body must be a JSON object, not an array' });
    });
  });

  describe('malformed JSON (left to the parser)', () => {
    it.each([
      ['an unterminated string', '{"input":"abc'],
      ['a truncated escape', '{"input":"\\u00'],
      ['a bad escape', '{"input":"\\uZZZZ"}'],
      ['more closers than openers', '{}]]]]{"input":"\\u0000"}'],
      ['a trailing backslash', '{"input":"\\'],
    ])('returns no problem for %s', (_name, json) => {
      expect(scan(json)).toBeNull();
    });

    it('never throws, whatever the bytes', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
          const problem = scanJsonBody(Buffer.from(bytes), JSON_BODY_RULES);
          expect(problem === null || (problem.param.length > 0 && problem.message.length > 0)).toBe(true);
        }),
        { numRuns: 2_000 },
      );
    });

    it('never throws on JSON-like text', () => {
      const token = fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\\', '\\u0000', '\\ud800', '\\udc00', 'a', '"k":', ' ', '1', '__proto__');
      fc.assert(
        fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
          expect(() => scan(tokens.join(''))).not.toThrow();
        }),
        { numRuns: 2_000 },
      );
    });
  });

  describe('agrees with a recursive check of the parsed value', () => {
    // Small limits and a tiny key alphabet, so that deep values, limited fields and reserved keys are common.
    const rules: JsonBodyRules = { maxDepth: 5, fieldMaxDepth: new Map([['m', 2]]), reservedKeys: ['r'] };
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom('\u0000', '\ud800', '\udfff', '\ud83d\ude00', 'ok'));
    const key = fc.oneof(fc.constantFrom('m', 'r', 'x', 'y'), text);
    const { value } = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        text,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(key, tie('value'), { maxKeys: 3 }),
      ),
    }));

    const problemIn = (node: unknown, depth: number, limit: number): boolean => {
      if (typeof node === 'string') return describeStringProblem(node) !== null;
      if (node === null || typeof node !== 'object') return false;
      if (depth > limit) return true;
      if (Array.isArray(node)) return node.some((item) => problemIn(item, depth + 1, limit));
      return Object.entries(node).some(([k, item]) => {
        if (describeStringProblem(k) !== null || rules.reservedKeys.includes(k)) return true;
        const field = depth === 1 ? rules.fieldMaxDepth.get(k) : undefined;
        return problemIn(item, depth + 1, field === undefined ? limit : 1 + field);
      });
    };

    it('finds a problem exactly when there is one', () => {
      fc.assert(
        fc.property(fc.dictionary(key, value, { maxKeys: 4 }), (body) => {
          expect(scan(JSON.stringify(body), rules) !== null).toBe(problemIn(body, 1, rules.maxDepth));
        }),
        { numRuns: 3_000 },
      );
    });
  });
});
