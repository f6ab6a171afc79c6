/** `text` with every occurrence of `secret` replaced by `***`; unchanged when `secret` is empty. */
export function redactSecret(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('***') : text;
}
