/**
 * State of the cache's Redis connection:
 * - `disabled`: turned off by configuration;
 * - `connecting`: not connected yet, or reconnecting after a loss;
 * - `ready`: connected and answering;
 * - `circuit_open`: connected, but calls kept failing, so Redis is skipped until a probe succeeds.
 */
export type CacheConnectionState = 'disabled' | 'connecting' | 'ready' | 'circuit_open';
