/** A row of the search statement. */
export interface SearchRow {
  document_id: string;
  ordinal: number;
  text: string;
  metadata: Record<string, unknown>;
  /** Cosine distance to the query (0 = same direction, 2 = opposite). */
  distance: number;
}
