import { UnreadableFileError } from './unreadable-file.error';

/** The JSON's top-level value is not an object of collections. */
export class NotKeyValueStoreError extends UnreadableFileError {}
