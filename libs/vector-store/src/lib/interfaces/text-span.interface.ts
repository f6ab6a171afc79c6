/** A chunk's position in its text: `text.slice(start, end)`. */
export interface TextSpan {
  /** Index of the first character. */
  start: number;
  /** Index after the last character. */
  end: number;
}
