import { MODEL_ALIASES_ENV, MODEL_ALIAS_PATTERN } from '../embeddings.constants';

/**
 * Why a request or job naming `requested` cannot be served, or `null` when it can: when it names
 * no model, the served model, or one of `aliases` (exactly: `LOCAL-HASH-V1` is not
 * `local-hash-v1`). The message names the one setting to change: ask for the served model, or add
 * the name to `EMBEDDING_MODEL_ALIASES` (the whole value to set, when the name could be an alias).
 * `who` is the process answering, e.g. `this server`.
 */
export function describeUnavailableModel(requested: string | undefined, served: string, aliases: readonly string[], who: string): string | null {
  if (requested === undefined || requested === served || aliases.includes(requested)) return null;
  const message = `model ${JSON.stringify(requested)} is not available; ${who} embeds with ${JSON.stringify(served)}: ask for ${JSON.stringify(served)}`;
  if (!MODEL_ALIAS_PATTERN.test(requested)) return message;
  return `${message}, or set ${MODEL_ALIASES_ENV}=${[...aliases, requested].join(',')}`;
}
