export { startRedisServer, freePort, waitForPong, REDIS_SERVER_BIN } from './lib/redis-server';
export type { RedisServerOptions, TestRedisServer } from './lib/redis-server';
export { spawnApp, waitForHttp, WORKSPACE_ROOT } from './lib/spawn-app';
export type { SpawnedApp } from './lib/spawn-app';
