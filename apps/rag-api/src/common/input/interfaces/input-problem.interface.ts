/** What is wrong with a request's input: the field at fault and a message naming it. */
export interface InputProblem {
  /** Path of the field: `metadata.a[0]`, `input[3]`, a query or path parameter's name, or `body`. */
  param: string;
  /** What is wrong and, where it helps, what is allowed. */
  message: string;
}
