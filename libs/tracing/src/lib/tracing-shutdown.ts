import { Injectable } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import { stopTracing } from './start-tracing';

/**
 * Flushes the spans still in the SDK's batch when the app shuts down (SIGTERM): without it the
 * last few seconds of spans (`OTEL_BSP_SCHEDULE_DELAY`, 5 s by default) would be lost.
 */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return stopTracing();
  }
}
