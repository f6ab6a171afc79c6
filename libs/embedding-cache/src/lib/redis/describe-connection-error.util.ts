import { describeError } from '../utils/describe-error.util';

/** Error replies that mean the credentials or the ACL are wrong: worth a hint in the log. */
const AUTH_ERRORS = /^(WRONGPASS|NOAUTH|NOPERM)\b/;

/**
 * The message of a connection error, with a hint for rejected credentials. Redis never echoes a
 * password in these replies, and neither does this.
 */
export function describeConnectionError(error: unknown): string {
  // A Cluster whose every node failed reports only "Failed to refresh slots cache."; the reason
  // (WRONGPASS, ECONNREFUSED…) is the last node's error, which health and logs must show.
  const nodeError = (error as { lastNodeError?: unknown } | null)?.lastNodeError;
  const message = nodeError ? `${describeError(nodeError)} (${describeError(error)})` : describeError(error);
  return AUTH_ERRORS.test(message)
    ? `${message} Check REDIS_EMBEDDING_CACHE_USERNAME / REDIS_EMBEDDING_CACHE_PASSWORD or the URL's credentials`
    : message;
}
