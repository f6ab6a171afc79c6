import { NON_FINITE_SENTINELS } from '../cache-import.constants';
import { chunksOf, sanitize } from '../../../test/support/tokenize';
import { NonFiniteSanitizer } from './non-finite-sanitizer';

const NAN = JSON.stringify(NON_FINITE_SENTINELS.NaN);
const INF = JSON.stringify(NON_FINITE_SENTINELS.Infinity);
const NEG_INF = JSON.stringify(NON_FINITE_SENTINELS['-Infinity']);

/** Sanitises `input` split at every possible position into two and three chunks, expecting one result. */
async function expectAtEverySplit(input: string, expected: string): Promise<void> {
  const bytes = Buffer.from(input, 'utf8');
  await expect(sanitize([bytes])).resolves.toBe(expected);
  for (let cut = 1; cut < bytes.length; cut += 1) {
    await expect(sanitize([bytes.subarray(0, cut), bytes.subarray(cut)])).resolves.toBe(expected);
  }
  for (const size of [1, 2, 3, 5]) await expect(sanitize(chunksOf(bytes, size))).resolves.toBe(expected);
}

describe('NonFiniteSanitizer', () => {
  it('replaces bare NaN, Infinity and -Infinity outside strings by JSON string sentinels', async () => {
    await expectAtEverySplit(
      '{"a": [NaN, Infinity, -Infinity, -1.5, 2e-05]}',
      `{"a": [${NAN}, ${INF}, ${NEG_INF}, -1.5, 2e-05]}`,
    );
  });

  it('leaves the same words inside strings alone, across escaped quotes and backslashes', async () => {
    const input = '{"NaN": "Infinity", "q\\"NaN\\"": "\\\\", "k": [NaN], "x\\\\": "-Infinity"}';
    await expectAtEverySplit(input, `{"NaN": "Infinity", "q\\"NaN\\"": "\\\\", "k": [${NAN}], "x\\\\": "-Infinity"}`);
  });

  it('keeps multi-byte UTF-8 and \\u escapes intact', async () => {
    await expectAtEverySplit('{"caf\u00e9 \ud83d\ude00": [NaN], "\\u00e9\\"": Infinity}', `{"caf\u00e9 \ud83d\ude00": [${NAN}], "\\u00e9\\"": ${INF}}`);
  });

  it('passes chunks without tokens through unchanged, and leaves broken tokens for the parser to reject', async () => {
    await expectAtEverySplit('{"a": [1, -2, 3]}', '{"a": [1, -2, 3]}');
    await expect(sanitize([Buffer.from('[Nope, Inf')])).resolves.toBe('[Nope, Inf');
    await expect(sanitize([Buffer.from('[1, -')])).resolves.toBe('[1, -');
  });

  it('counts the tokens it replaced', async () => {
    const sanitizer = new NonFiniteSanitizer();
    sanitizer.resume();
    sanitizer.end(Buffer.from('[NaN, "NaN", Infinity, -Infinity]'));
    await new Promise((resolve) => sanitizer.on('end', resolve));
    expect(sanitizer.replaced).toBe(3);
  });
});
