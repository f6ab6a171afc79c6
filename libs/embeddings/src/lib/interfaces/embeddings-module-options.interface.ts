import type { EmbeddingProviderName } from './embedding-provider-name.interface';
import type { OpenAIEmbeddingProviderOptions } from './openai-embedding-provider-options.interface';

/**
 * Options of `EmbeddingsModule.forRoot` / `forRootAsync` and `createEmbeddingProvider`.
 * `embeddingsConfig` builds them from the environment (see README, "Configuration").
 * The `openai` fields are ignored by the `local` provider.
 */
export interface EmbeddingsModuleOptions extends Partial<OpenAIEmbeddingProviderOptions> {
  /**
   * Which provider to build.
   * @default 'openai' when `apiKey` is set, otherwise 'local'
   */
  provider?: EmbeddingProviderName;
}
