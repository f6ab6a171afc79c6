/** `RAG_API_KEYS_FILE` cannot be read or is not a valid keys file; the message names the file and the field. */
export class InvalidApiKeysFileError extends Error {
  readonly code = 'INVALID_API_KEYS_FILE';

  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(`Invalid RAG_API_KEYS_FILE "${file}": ${problem}`, options);
    this.name = new.target.name;
  }
}
