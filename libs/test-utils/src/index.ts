export { startRedisServer, freePort, waitForPong, REDIS_SERVER_BIN } from './lib/redis-server';
export type { RedisServerOptions, TestRedisServer } from './lib/redis-server';
