/** What the extractor reports besides entries. */
export interface ExtractorListener {
  /** A top-level object began; `selected` is false when `--collection` leaves it out. */
  collectionStarted(name: string, selected: boolean): void;
  /** A top-level key whose value is not an object, so it is no collection; it is skipped. */
  nonCollectionKey(name: string): void;
}
