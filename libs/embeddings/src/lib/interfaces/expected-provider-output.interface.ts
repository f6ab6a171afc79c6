/** What `checkProviderOutput` expects of an answer. */
export interface ExpectedProviderOutput {
  /** Model the answer is for (named in the error). */
  readonly model: string;
  /** Number of texts asked for: one vector each. */
  readonly count: number;
  /** Length of every vector; `0` when not known yet, then every vector must have the first one's. */
  readonly dimensions: number;
}
