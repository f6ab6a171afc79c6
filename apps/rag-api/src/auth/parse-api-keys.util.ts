import { API_PERMISSIONS } from './auth.constants';
import type { ApiPermission } from './auth.constants';
import { InvalidApiKeysFileError } from './errors/invalid-api-keys-file.error';
import type { ApiKey } from './interfaces/api-key.interface';

const FIELDS = new Set(['id', 'sha256', 'collections', 'permissions', 'requestsPerMinute']);
const MAX_REQUESTS_PER_MINUTE = 10_000_000;

/**
 * Checks the text of a keys file (`{"keys": [{"id", "sha256", "collections", "permissions",
 * "requestsPerMinute"}]}`) and returns its keys; throws `InvalidApiKeysFileError` naming `file`
 * and the first field at fault (`keys[2].permissions[0]`). Messages never quote a digest.
 */
export function parseApiKeys(text: string, file: string): ApiKey[] {
  const fail = (problem: string): never => {
    throw new InvalidApiKeysFileError(file, problem);
  };
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InvalidApiKeysFileError(file, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const list = (document as { keys?: unknown } | null)?.keys;
  if (typeof document !== 'object' || document === null || !Array.isArray(list)) return fail('"keys" must be an array of keys');
  const ids = new Map<string, number>();
  const digests = new Map<string, number>();
  return list.map((raw: unknown, index): ApiKey => {
    const at = `keys[${index}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(`${at} must be an object`);
    const item = raw as Record<string, unknown>;
    const unknown = Object.keys(item).find((name) => !FIELDS.has(name));
    if (unknown !== undefined) fail(`${at}.${unknown} is not a known field (${[...FIELDS].join(', ')})`);
    const { id, sha256, collections, permissions, requestsPerMinute } = item;
    if (typeof id !== 'string' || id.trim() === '' || id.length > 128) return fail(`${at}.id must be a non-empty string of at most 128 characters`);
    if (ids.has(id)) fail(`${at}.id "${id}" is already used by keys[${ids.get(id)}]`);
    ids.set(id, index);
    if (typeof sha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(sha256)) {
      return fail(`${at}.sha256 must be 64 hexadecimal digits (the SHA-256 digest of the key: printf %s "$KEY" | sha256sum)`);
    }
    const digest = sha256.toLowerCase();
    if (digests.has(digest)) fail(`${at}.sha256 is already used by keys[${digests.get(digest)}]`);
    digests.set(digest, index);
    if (!Array.isArray(collections) || collections.length === 0) return fail(`${at}.collections must be a non-empty array of collection names, or ["*"]`);
    collections.forEach((name: unknown, i) => {
      if (typeof name !== 'string' || name === '') fail(`${at}.collections[${i}] must be a non-empty string`);
    });
    if (!Array.isArray(permissions)) return fail(`${at}.permissions must be an array among ${API_PERMISSIONS.join(', ')}`);
    permissions.forEach((name: unknown, i) => {
      if (!API_PERMISSIONS.includes(name as ApiPermission)) fail(`${at}.permissions[${i}] ${JSON.stringify(name)} is not one of ${API_PERMISSIONS.join(', ')}`);
    });
    if (
      requestsPerMinute !== undefined &&
      (typeof requestsPerMinute !== 'number' || !Number.isInteger(requestsPerMinute) || requestsPerMinute < 1 || requestsPerMinute > MAX_REQUESTS_PER_MINUTE)
    ) {
      fail(`${at}.requestsPerMinute must be an integer from 1 to ${MAX_REQUESTS_PER_MINUTE} (leave it out for no limit)`);
    }
    return {
      id,
      digest: Buffer.from(digest, 'hex'),
      collections: [...(collections as string[])],
      permissions: new Set(permissions as ApiPermission[]),
      ...(requestsPerMinute === undefined ? {} : { requestsPerMinute: requestsPerMinute as number }),
    };
  });
}
