/** The message of an `Error`, or the value as a string. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
