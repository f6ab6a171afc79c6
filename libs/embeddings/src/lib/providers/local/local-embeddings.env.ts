import { IsOptional } from 'class-validator';
import { IntegerIn } from '@rag/config-kit';
import { LOCAL_EMBEDDING_MAX_THREADS } from './local-embedding.constants';

/** The variables of the `local` provider, validated with class-validator. */
export class LocalEmbeddingsEnv {
  /** Worker threads of large calls; 0 computes on the event loop. Unset: the cores minus one, 1 to 4. */
  @IsOptional()
  @IntegerIn(0, LOCAL_EMBEDDING_MAX_THREADS)
  LOCAL_EMBEDDING_THREADS?: number = undefined;
}
