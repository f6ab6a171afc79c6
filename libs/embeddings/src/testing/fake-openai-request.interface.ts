/** One request the server received on its embeddings route. */
export interface FakeOpenAIRequest {
  /** `model` of the body. */
  readonly model: unknown;
  /** `input` of the body, as an array (`[]` when it was not a string or array). */
  readonly input: readonly unknown[];
  /** `encoding_format` of the body; `undefined` when absent. */
  readonly encodingFormat: unknown;
  /** `dimensions` of the body; `undefined` when absent. */
  readonly dimensions: unknown;
  /** `Authorization` header as received. */
  readonly authorization: string | undefined;
  /** Status the server answered with. */
  status: number;
}
