import type { VectorInput } from './vector-input.interface';

/** Computes embeddings for the texts that missed the cache: one vector per text, in order. */
export type ComputeEmbeddings = (texts: string[]) => Promise<ReadonlyArray<VectorInput>>;
