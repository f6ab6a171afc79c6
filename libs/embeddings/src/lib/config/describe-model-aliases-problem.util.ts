import { MODEL_ALIAS_PATTERN } from '../embeddings.constants';

/**
 * What is wrong with a parsed `EMBEDDING_MODEL_ALIASES` list, as a sentence starting with the
 * variable's name (`property`), or `null` when every name is a valid model name
 * (`MODEL_ALIAS_PATTERN`) listed once. Whether a name is the served model is checked once the
 * provider is chosen.
 */
export function describeModelAliasesProblem(names: unknown, property: string): string | null {
  if (!Array.isArray(names) || names.some((name) => typeof name !== 'string')) return `${property} must be a comma-separated list of model names`;
  if (names.includes('')) return `${property} must not have an empty name`;
  const bad = names.find((name: string) => !MODEL_ALIAS_PATTERN.test(name));
  if (bad !== undefined) return `${property}: ${JSON.stringify(bad)} must be 1-256 characters of letters, digits and . _ - : / @ +`;
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice !== undefined) return `${property} lists ${JSON.stringify(twice)} twice`;
  return null;
}
