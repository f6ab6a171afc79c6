/** The `--help` text, also printed after every usage error. */
export const USAGE = `Usage: npm run cache:import -- --file <path> [options]

Imports the legacy LlamaIndex SimpleKVStore embedding file into the Redis embedding cache.
The file is streamed (never loaded whole); keys already in Redis are kept unless --overwrite.
Safe to stop and run again.

Options:
  --file <path>         the SimpleKVStore JSON file (required)
  --collection <name>   import only this collection; repeat for several (default: every collection)
  --dry-run             read and validate the whole file, write nothing, do not connect to Redis
  --overwrite           replace keys that already exist (default: keep them)
  --batch-size <n>      entries per pipelined batch, 1-10000 (default: 64; sent early once its vectors reach 256 KiB)
  --dims <n>            expected vector length (default: the first vector of each collection)
  -h, --help            show this help

Redis and key settings come from the environment, as for the apps:
  REDIS_EMBEDDING_CACHE_URL (else REDIS_URL), REDIS_EMBEDDING_CACHE_PREFIX, REDIS_EMBEDDING_CACHE_TTL_DAYS,
  REDIS_EMBEDDING_CACHE_DTYPE, REDIS_EMBEDDING_CACHE_USERNAME, REDIS_EMBEDDING_CACHE_PASSWORD,
  REDIS_EMBEDDING_CACHE_TLS, REDIS_TLS_CA_FILE

Exit codes: 0 done, 1 file unreadable or not JSON (or the tool failed to build), 2 usage, 3 Redis failed (rerun to continue),
            4 file damaged part-way (earlier entries imported), 130/143 interrupted (rerun to continue)
`;
