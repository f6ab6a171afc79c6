/** Options of `loadEnv`. */
export interface LoadEnvOptions<T> {
  /**
   * Builds the error thrown when a variable is invalid, from one problem per bad variable, each
   * `<rule messages> (got "<redacted value>")`. Its return value is thrown.
   */
  onInvalid: (problems: string[]) => Error;
  /**
   * Turns a raw value into the text shown in a problem.
   * @default redactEnvValue
   */
  redact?: (name: string, raw: string) => string;
  /**
   * Rules across variables, run after the per-variable ones on the converted values: returns
   * extra problems; `problems` are those already found, so a rule can skip a variable that
   * is itself invalid.
   * @default no extra rules
   */
  check?: (parsed: T, problems: readonly string[]) => readonly string[];
}
