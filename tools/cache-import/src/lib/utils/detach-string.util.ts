/**
 * A copy of `value` that shares no memory with it. Strings from the parser are slices of its
 * 64 KiB input string, and V8 keeps the whole input string alive as long as any slice lives: a
 * batch of retained keys held ~60 MiB of old input (measured). UTF-16 round-trips every code unit,
 * lone surrogates included.
 */
export function detachString(value: string): string {
  return Buffer.from(value, 'utf16le').toString('utf16le');
}
