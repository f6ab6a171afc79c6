/** `String.prototype.isWellFormed` (Node 20; not in the ES2022 lib this project compiles against). */
type WellFormedCheck = { isWellFormed(): boolean };

/**
 * What is wrong with a string from a request, as the end of a sentence that starts with the
 * field's name (`"must not contain the NUL character (\u0000)"`), or `null` when it has neither a
 * NUL nor an unpaired UTF-16 surrogate. PostgreSQL refuses NUL in text and jsonb, and UTF-8 has no
 * encoding of a lone surrogate: hashing, storing or forwarding one turns it into U+FFFD, so
 * `"x\ud800y"` and `"x\ufffdy"` would share one cache key and one document id.
 */
export function describeStringProblem(value: string): string | null {
  const nul = value.indexOf('\u0000');
  const wellFormed = (value as unknown as WellFormedCheck).isWellFormed();
  if (nul === -1 && wellFormed) return null;
  for (let i = 0; i < value.length; i += 1) {
    const unit = value.charCodeAt(i);
    if (unit === 0) return 'must not contain the NUL character (\\u0000)';
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i += 1;
      else return surrogate(unit);
    } else if (unit >= 0xdc00 && unit <= 0xdfff) return surrogate(unit);
  }
  return null;
}

function surrogate(unit: number): string {
  return `must not contain an unpaired UTF-16 surrogate (\\u${unit.toString(16)}); send well-formed Unicode text`;
}
