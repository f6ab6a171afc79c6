/** Most items one request may carry, as in the OpenAI API. */
export const MAX_INPUT_ITEMS = 2048;

/**
 * What is wrong with an embeddings `input`, naming the field (`input` or `input[i]`), or `null`
 * when it is a non-empty string or a non-empty array of at most 2048 non-empty strings, each at
 * most `maxChars` long.
 */
export function describeInputProblem(input: unknown, maxChars: number): string | null {
  if (typeof input === 'string') return describeText('input', input, maxChars);
  return describeTextsProblem(input, maxChars, { field: 'input', maxItems: MAX_INPUT_ITEMS, allowString: true });
}

/** Shape rules of a list of texts: the field name, its size limit, and whether one string is allowed too. */
export interface TextsRule {
  field: string;
  maxItems: number;
  allowString: boolean;
}

/** What is wrong with an array of texts (see `describeInputProblem`), or `null`. */
export function describeTextsProblem(input: unknown, maxChars: number, rule: TextsRule): string | null {
  const { field, maxItems } = rule;
  const shape = rule.allowString ? 'a string or an array of strings' : 'an array of strings';
  if (input === undefined || input === null) return `${field} is required: ${shape}`;
  if (!Array.isArray(input)) return `${field} must be ${shape}`;
  if (input.length === 0) return `${field} must not be an empty array`;
  if (input.length > maxItems) return `${field} must have at most ${maxItems} items (got ${input.length})`;
  for (let i = 0; i < input.length; i += 1) {
    const item: unknown = input[i];
    if (typeof item !== 'string') return `${field}[${i}] must be a string${rule.allowString ? ' (token arrays are not supported)' : ''}`;
    const problem = describeText(`${field}[${i}]`, item, maxChars);
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
