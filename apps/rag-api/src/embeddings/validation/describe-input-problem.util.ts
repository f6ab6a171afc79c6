/** Most items one request may carry, as in the OpenAI API. */
export const MAX_INPUT_ITEMS = 2048;

/**
 * What is wrong with an embeddings `input`, naming the field (`input` or `input[i]`), or `null`
 * when it is a non-empty string or a non-empty array of at most 2048 non-empty strings, each at
 * most `maxChars` long.
 */
export function describeInputProblem(input: unknown, maxChars: number): string | null {
  if (input === undefined || input === null) return 'input is required: a string or an array of strings';
  if (typeof input === 'string') return describeText('input', input, maxChars);
  if (!Array.isArray(input)) return 'input must be a string or an array of strings';
  if (input.length === 0) return 'input must not be an empty array';
  if (input.length > MAX_INPUT_ITEMS) return `input must have at most ${MAX_INPUT_ITEMS} items (got ${input.length})`;
  for (let i = 0; i < input.length; i += 1) {
    const item: unknown = input[i];
    if (typeof item !== 'string') return `input[${i}] must be a string (token arrays are not supported)`;
    const problem = describeText(`input[${i}]`, item, maxChars);
    if (problem) return problem;
  }
  return null;
}

function describeText(field: string, text: string, maxChars: number): string | null {
  if (text.length === 0) return `${field} must not be an empty string`;
  if (text.length > maxChars) {
    return `${field} is longer than ${maxChars} characters (${text.length}); split it or raise EMBEDDING_MAX_INPUT_CHARS`;
  }
  return null;
}
