import type { ConfigLogger } from './config-logger.interface';
import type { EmbeddingProvider } from './embedding-provider.interface';
import type { EmbeddingsCommonEnv } from './embeddings-common-env.interface';

/**
 * One row of the provider registry (`EMBEDDING_PROVIDERS`): everything the library needs to know
 * about a provider, so that adding one is a folder under `providers/` plus one row. Members are
 * methods, not function properties, so that rows of different option types fit one table.
 */
export interface EmbeddingProviderDefinition<Name extends string = string, Options extends object = object, Env extends object = object> {
  /** Value of `EMBEDDING_PROVIDER` and of the `provider` option. */
  readonly name: Name;
  /**
   * class-validator class of the provider's own variables (defaults as initialisers). Validated at
   * boot whichever provider is chosen, so that a bad value fails before anyone switches to it.
   * @default none: the provider reads only the common variables
   */
  readonly env?: new () => Env;
  /**
   * The option, and the variable it comes from, whose presence chooses this provider when
   * `provider` (`EMBEDDING_PROVIDER`) is unset. The first row whose setting is present wins; the
   * one row without `selectedBy` is chosen when none is. (Plain strings, so that rows of different
   * types fit one table; the registry's spec checks that both name real fields.)
   */
  readonly selectedBy?: { readonly option: string; readonly env: string };
  /**
   * The module options of the chosen provider from the validated environment. Throws
   * `InvalidEmbeddingsConfigError` naming the variable; may log what it uses.
   */
  fromEnv(env: Env, common: EmbeddingsCommonEnv, logger: ConfigLogger): Options;
  /** Warns about the provider's variables when another provider is chosen. */
  warnUnused?(env: Env, common: EmbeddingsCommonEnv, logger: ConfigLogger): void;
  /** Builds the provider from the module options; throws `InvalidEmbeddingsConfigError` naming the option. */
  create(options: Options): EmbeddingProvider;
}
