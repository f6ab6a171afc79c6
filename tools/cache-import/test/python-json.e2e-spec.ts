import { spawnSync } from 'node:child_process';
import { buildLegacyFixture } from './support/legacy-file';
import { pyDumps, pyFloatRepr } from './support/python-json';

const ROUND_TRIP = 'import json, sys; sys.stdout.write(json.dumps(json.loads(sys.stdin.read())))';

/** Python's json.dumps(json.loads(text)): equal to `text` only if `text` is exactly what json.dumps writes. */
function pythonRoundTrip(text: string): string {
  const result = spawnSync('python3', ['-c', ROUND_TRIP], { input: text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

describe('the json.dumps emulation of the test fixtures', () => {
  it('formats floats like Python repr', () => {
    expect([0.1, 1e-5, 0.0001, 1e16, 1e15, -0, 1, 123.456, 1.5e-7, 3.4e38, NaN, -Infinity].map(pyFloatRepr)).toEqual([
      '0.1', '1e-05', '0.0001', '1e+16', '1000000000000000.0', '-0.0', '1.0', '123.456', '1.5e-07', '3.4e+38', 'NaN', '-Infinity',
    ]);
  });

  it('matches python3 json.dumps byte for byte on the fixture and on 20 000 float32 values', () => {
    // Never skipped: without python3 this fails (.ci/run installs it when it is missing).
    expect(spawnSync('python3', ['--version']).status).toBe(0);
    const fixture = buildLegacyFixture().json;
    const floats = Array.from({ length: 20_000 }, (_, i) => Math.fround(Math.sin(i * 1.618) * 10 ** ((i % 50) - 25)));
    const strings = ['é', '😀', '\u0000\u001f\u007f\u0080', '"\\/\b\f\n\r\t', '\ud83d', 'ключ 日本'];

    expect(pythonRoundTrip(fixture)).toBe(fixture);
    expect(pythonRoundTrip(pyDumps(floats))).toBe(pyDumps(floats));
    expect(pythonRoundTrip(pyDumps(strings))).toBe(pyDumps(strings));
  });
});
