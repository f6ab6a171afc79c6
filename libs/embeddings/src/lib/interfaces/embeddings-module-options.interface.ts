import type { EmbeddingsModelAliases } from './embeddings-model-aliases.interface';
import type { EMBEDDING_PROVIDERS, EmbeddingProviderName } from '../providers/embedding-providers.registry';

type Row = (typeof EMBEDDING_PROVIDERS)[number];
type OptionsOf<R> = R extends { create(options: infer Options): unknown } ? Options : never;
type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never;

/** The `provider` field of `EmbeddingsModuleOptions`. */
export interface EmbeddingsProviderChoice {
  /**
   * Which provider to build.
   * @default 'openai' when `apiKey` is set, otherwise 'local' (the registry's selection rule)
   */
  provider?: EmbeddingProviderName;
}

/**
 * Options of `EmbeddingsModule.forRoot` / `forRootAsync` and `createEmbeddingProvider`: the
 * `provider` choice, the `modelAliases`, plus the options of every registered provider (each reads its own and
 * ignores the others). `embeddingsConfig` builds them from the environment (see README, "Configuration").
 */
export type EmbeddingsModuleOptions = EmbeddingsProviderChoice & EmbeddingsModelAliases & UnionToIntersection<OptionsOf<Row>>;
