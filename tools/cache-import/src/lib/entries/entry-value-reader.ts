import { EMBEDDING_PROPERTY, NON_FINITE_SENTINELS } from '../cache-import.constants';
import type { JsonToken } from '../interfaces/json-token.interface';
import type { ExtractedValue } from '../interfaces/legacy-entry.interface';

const SENTINELS: ReadonlySet<string> = new Set(Object.values(NON_FINITE_SENTINELS));

/**
 * Reads the tokens of one entry value and keeps only a numeric vector: a bare array, or the array
 * under the root object's `embedding` property. Nothing else is assembled, so a huge non-vector
 * value (a stored document, say) costs no memory.
 */
export class EntryValueReader {
  private depth = 0;
  private rootIsObject = false;
  private embeddingNext = false;
  private vectorDepth = 0;
  private numbers: number[] = [];
  private nonFinite = false;
  private invalid = false;
  private found = false;

  /** Forgets the previous value. */
  reset(): void {
    this.depth = 0;
    this.rootIsObject = false;
    this.embeddingNext = false;
    this.vectorDepth = 0;
    this.numbers = [];
    this.nonFinite = false;
    this.invalid = false;
    this.found = false;
  }

  /** Feeds one token; returns `true` when it completed the value. */
  consume(token: JsonToken): boolean {
    const inVector = this.vectorDepth !== 0 && this.depth === this.vectorDepth;
    switch (token.name) {
      case 'numberValue':
        if (inVector && !this.invalid) this.numbers.push(Number(token.value));
        this.embeddingNext = false;
        return this.depth === 0;
      case 'stringValue':
        if (inVector) {
          if (typeof token.value === 'string' && SENTINELS.has(token.value)) this.nonFinite = true;
          else this.invalid = true;
        }
        this.embeddingNext = false;
        return this.depth === 0;
      case 'keyValue':
        this.embeddingNext = this.depth === 1 && this.rootIsObject && !this.found && token.value === EMBEDDING_PROPERTY;
        return false;
      case 'startArray':
        if (this.depth === 0 || this.embeddingNext) {
          this.vectorDepth = this.depth + 1;
          this.numbers = [];
          this.nonFinite = false;
          this.invalid = false;
        } else if (inVector) {
          this.invalid = true;
        }
        this.embeddingNext = false;
        this.depth += 1;
        return false;
      case 'startObject':
        if (this.depth === 0) this.rootIsObject = true;
        if (inVector) this.invalid = true;
        this.embeddingNext = false;
        this.depth += 1;
        return false;
      case 'endArray':
        if (this.depth === this.vectorDepth) {
          this.found = !this.invalid;
          this.vectorDepth = 0;
        }
        this.depth -= 1;
        return this.depth === 0;
      case 'endObject':
        this.depth -= 1;
        return this.depth === 0;
      default:
        // nullValue, trueValue, falseValue
        if (inVector) this.invalid = true;
        this.embeddingNext = false;
        return this.depth === 0;
    }
  }

  /** What the completed value holds. */
  result(): ExtractedValue {
    return this.found ? { kind: 'numbers', numbers: this.numbers, nonFiniteTokens: this.nonFinite } : { kind: 'other' };
  }
}
