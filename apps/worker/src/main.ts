import './instrument';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { WorkerConfig } from './config/env.validation';
import { workerConfig } from './config/worker.config';

async function bootstrap(): Promise<void> {
  // Imported here so that a configuration error read at import ends in the clean message below.
  const { WorkerModule } = await import('./app/app.module');
  const app = await NestFactory.create<NestExpressApplication>(WorkerModule.register(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  const config = app.get<WorkerConfig>(workerConfig.KEY);
  await app.listen(config.httpPort);
  app.get(Logger).log(`worker consuming "embedding-jobs" (concurrency ${config.concurrency}); health and metrics on :${config.httpPort}`);

  // Not enableShutdownHooks: Nest re-raises the signal after closing, so the process would end
  // by SIGTERM; here in-flight jobs finish (beforeApplicationShutdown) and the exit code is 0.
  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    app.get(Logger).log(`${signal} received`);
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
