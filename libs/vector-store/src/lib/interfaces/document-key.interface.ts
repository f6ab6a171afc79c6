/** Names one document: `getDocument`, `findDocumentHash`, `deleteDocument`. */
export interface DocumentKey {
  /**
   * Collection of the document.
   * @default the store's `defaultCollection` ('default')
   */
  collection?: string;
  /** Document id. */
  id: string;
}
