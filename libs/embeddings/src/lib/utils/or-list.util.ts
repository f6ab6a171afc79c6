/** `words` as an alternative in prose: `a`, `a or b`, `a, b or c`. */
export function orList(words: readonly string[]): string {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : (words[0] ?? '');
}
