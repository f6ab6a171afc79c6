import type { Logger } from '@nestjs/common';
import type { CacheOperation } from '../embedding-cache.metrics';
import type { CacheConnectionState } from '../interfaces/cache-connection-state.interface';

/** What the log last said: a state, or `down` for a connection lost with a known error. */
type LoggedState = CacheConnectionState | 'down';

/**
 * The connection's log: one line per state change and one per kind of error reply until the
 * next `ready`, never one per call.
 */
export class ConnectionLog {
  private logged: LoggedState;
  private readonly loggedReplyErrors = new Set<string>();

  constructor(
    private readonly logger: Logger,
    private readonly breakerThreshold: number,
    initial: CacheConnectionState,
  ) {
    this.logged = initial;
  }

  /** Logs `state` if it differs from the last one logged; `lastError` says why Redis is unusable. */
  stateChange(state: CacheConnectionState, lastError: string | undefined): void {
    const key: LoggedState = state === 'connecting' && lastError ? 'down' : state;
    if (key === this.logged) return;
    this.logged = key;
    switch (key) {
      case 'ready':
        this.logger.log('Embedding cache connected to Redis');
        break;
      case 'down':
        this.logger.warn(`Embedding cache unavailable (${lastError}); serving misses until Redis is back`);
        break;
      case 'circuit_open':
        this.logger.warn(
          `Embedding cache circuit opened after ${this.breakerThreshold} failed calls ` +
            `(${lastError}); skipping Redis until a probe succeeds`,
        );
        break;
      case 'connecting':
      case 'disabled':
        break;
      default: {
        const unreachable: never = key;
        throw new Error(`unknown state ${String(unreachable)}`);
      }
    }
  }

  /** Logs an error reply (OOM, NOPERM…) to `op`, once per error code until the connection is ready again. */
  replyError(op: CacheOperation, message: string): void {
    const code = message.split(' ', 1)[0];
    if (this.loggedReplyErrors.has(code)) return;
    this.loggedReplyErrors.add(code);
    this.logger.warn(`Embedding cache ${op} got an error reply from Redis (${message}); treating it as a miss`);
  }

  /** Forgets the error replies logged, so that each is logged again once after a reconnect. */
  connected(): void {
    this.loggedReplyErrors.clear();
  }
}
