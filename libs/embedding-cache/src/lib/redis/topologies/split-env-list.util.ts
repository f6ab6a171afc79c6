/** A comma-separated variable (`REDIS_EMBEDDING_CACHE_NODES`, `REDIS_SENTINELS`) as trimmed, non-empty entries. */
export function splitEnvList(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((entry) => entry.trim()).filter(Boolean);
}
