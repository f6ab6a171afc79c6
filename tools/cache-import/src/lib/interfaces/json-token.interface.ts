/**
 * A token of stream-json's parser with `packValues: true, streamValues: false`: only whole keys,
 * strings and numbers arrive (`keyValue`, `stringValue`, `numberValue` carry the text).
 */
export interface JsonToken {
  /** `startObject`, `endObject`, `startArray`, `endArray`, `keyValue`, `stringValue`, `numberValue`, `nullValue`, `trueValue`, `falseValue`. */
  name: string;
  /** The key, string or number text (numbers stay text; `nullValue`/`trueValue`/`falseValue` carry the literal). */
  value?: string | boolean | null;
}
