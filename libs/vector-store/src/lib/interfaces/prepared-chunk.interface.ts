/** A chunk ready for the INSERT: validated, its vector written as a pgvector literal. */
export interface PreparedChunk {
  ordinal: number;
  text: string;
  literal: string;
}
