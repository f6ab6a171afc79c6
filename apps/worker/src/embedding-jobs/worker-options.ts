import type { WorkerOptions } from 'bullmq';
import { MAX_STALLED_COUNT } from '@rag/embedding-jobs';
import { loadWorkerConfig } from '../config/env.validation';
import type { WorkerConfig } from '../config/env.validation';

let loaded: WorkerConfig | undefined;
const config = (): WorkerConfig => (loaded ??= loadWorkerConfig());

/**
 * BullMQ worker options from the environment. `@Processor` takes its options when the class is
 * decorated (at import), but @nestjs/bullmq spreads them into `new Worker(...)` only at boot; the
 * getters defer reading (and validating) the environment until then. Lock timings must be given
 * to the constructor: BullMQ derives the lock renewal period from them once.
 */
export const workerOptions: Partial<WorkerOptions> = Object.defineProperties(
  {},
  {
    maxStalledCount: { enumerable: true, value: MAX_STALLED_COUNT },
    concurrency: { enumerable: true, get: () => config().concurrency },
    lockDuration: { enumerable: true, get: () => config().lockDurationMs },
    stalledInterval: { enumerable: true, get: () => config().stalledIntervalMs },
  },
);
