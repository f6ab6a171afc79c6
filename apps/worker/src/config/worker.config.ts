import { registerAs } from '@nestjs/config';
import { loadWorkerConfig } from './env.validation';

/** The `worker` configuration namespace. */
export const workerConfig = registerAs('worker', () => loadWorkerConfig());
