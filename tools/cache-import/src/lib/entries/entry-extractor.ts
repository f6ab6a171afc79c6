import { NotKeyValueStoreError } from '../errors/not-key-value-store.error';
import type { ExtractorListener } from '../interfaces/extractor-listener.interface';
import type { JsonToken } from '../interfaces/json-token.interface';
import type { LegacyEntry } from '../interfaces/legacy-entry.interface';
import { EntryValueReader } from './entry-value-reader';

type Phase = 'start' | 'collections' | 'collectionValue' | 'entries' | 'entryValue' | 'end';

/**
 * Turns the token stream of a SimpleKVStore file, `{ "<collection>": { "<key>": <value> } }`,
 * into entries, one at a time. Collections not selected and top-level values that are not
 * objects are skipped token by token, without being assembled.
 */
export class EntryExtractor {
  private phase: Phase = 'start';
  private skipDepth = 0;
  private collection = '';
  private key = '';
  private readonly value = new EntryValueReader();

  /**
   * @param selected collections to read; `null` reads every collection
   * @param listener told about collections and non-collection keys as they appear
   */
  constructor(
    private readonly selected: ReadonlySet<string> | null,
    private readonly listener: ExtractorListener,
  ) {}

  /** Whether the top-level object has been opened, i.e. the input looked like a key-value store. */
  get started(): boolean {
    return this.phase !== 'start';
  }

  /**
   * Feeds one token; returns the entry it completed, if any. Throws `NotKeyValueStoreError` when
   * the top-level value is not an object.
   */
  consume(token: JsonToken): LegacyEntry | null {
    if (this.skipDepth > 0) {
      this.skipToken(token);
      return null;
    }
    switch (this.phase) {
      case 'start':
        if (token.name !== 'startObject') {
          throw new NotKeyValueStoreError(
            `the top-level JSON value is ${describe(token)}; a SimpleKVStore file is an object of collections`,
          );
        }
        this.phase = 'collections';
        return null;
      case 'collections':
        if (token.name === 'keyValue') {
          this.collection = String(token.value);
          this.phase = 'collectionValue';
        } else {
          this.phase = 'end';
        }
        return null;
      case 'collectionValue':
        this.enterCollection(token);
        return null;
      case 'entries':
        if (token.name === 'keyValue') {
          this.key = String(token.value);
          this.value.reset();
          this.phase = 'entryValue';
        } else {
          this.phase = 'collections';
        }
        return null;
      case 'entryValue':
        if (!this.value.consume(token)) return null;
        this.phase = 'entries';
        return { collection: this.collection, key: this.key, value: this.value.result() };
      case 'end':
        return null;
      default: {
        const unreachable: never = this.phase;
        throw new Error(`unknown phase ${String(unreachable)}`);
      }
    }
  }

  private enterCollection(token: JsonToken): void {
    if (token.name !== 'startObject') {
      this.listener.nonCollectionKey(this.collection);
      this.skipValue(token);
      return;
    }
    const selected = this.selected === null || this.selected.has(this.collection);
    this.listener.collectionStarted(this.collection, selected);
    if (selected) this.phase = 'entries';
    else this.skipValue(token);
  }

  private skipValue(first: JsonToken): void {
    this.phase = 'collections';
    if (first.name === 'startObject' || first.name === 'startArray') this.skipDepth = 1;
  }

  private skipToken(token: JsonToken): void {
    if (token.name === 'startObject' || token.name === 'startArray') this.skipDepth += 1;
    else if (token.name === 'endObject' || token.name === 'endArray') this.skipDepth -= 1;
  }
}

function describe(token: JsonToken): string {
  switch (token.name) {
    case 'startArray':
      return 'an array';
    case 'stringValue':
      return 'a string';
    case 'numberValue':
      return 'a number';
    default:
      return String(token.value);
  }
}
