import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IntegerIn } from '@rag/config-kit';
import { EMBEDDING_DIMENSIONS_RANGE } from '../embeddings.constants';
import type { EmbeddingsCommonEnv } from '../interfaces/embeddings-common-env.interface';
import { EMBEDDING_PROVIDER_NAMES } from '../providers/embedding-providers.registry';
import type { EmbeddingProviderName } from '../providers/embedding-providers.registry';
import { orList } from '../utils/or-list.util';
import { ModelAliases } from './model-aliases.decorator';

/**
 * The variables of the embeddings library that do not belong to one provider, validated with
 * class-validator (each provider's own are in its folder, e.g. `OpenAIEmbeddingsEnv`). Every
 * message starts with the variable's name, so a boot error says what to fix.
 */
export class EmbeddingsEnv implements EmbeddingsCommonEnv {
  /** Forces the provider; unset means the registry's rule (`openai` when `OPENAI_API_KEY` is set, else `local`). */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsIn(EMBEDDING_PROVIDER_NAMES, { message: `$property must be ${orList(EMBEDDING_PROVIDER_NAMES)}` })
  EMBEDDING_PROVIDER?: EmbeddingProviderName = undefined;

  /** Model of the provider, for those that have a choice (`openai`; ignored by `local`). */
  @IsOptional()
  @IsString()
  @Length(1, 256, { message: '$property must be 1-256 characters' })
  EMBEDDING_MODEL?: string = undefined;

  /** Output dimensions sent to the API; unset means the model's native size. */
  @IsOptional()
  @IntegerIn(...EMBEDDING_DIMENSIONS_RANGE)
  EMBEDDING_DIMENSIONS?: number = undefined;

  /**
   * Other model names served with the configured model (comma-separated, matched exactly), e.g.
   * `text-embedding-ada-002` for clients that cannot be told another model; unset means none.
   */
  @IsOptional()
  @ModelAliases()
  EMBEDDING_MODEL_ALIASES?: readonly string[] = undefined;
}
