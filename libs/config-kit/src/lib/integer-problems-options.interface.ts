/** Options of `integerProblems`. */
export interface IntegerProblemsOptions {
  /**
   * Names whose value may be `undefined` (an unset optional option).
   * @default none
   */
  optional?: readonly string[];
  /**
   * Name shown in the problem instead of the key, e.g. `{ poolSize: 'poolSize (VECTOR_STORE_POOL_SIZE)' }`.
   * @default the key
   */
  labels?: Readonly<Record<string, string>>;
}
