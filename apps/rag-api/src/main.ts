import './instrument';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { EmbeddingCacheService, describeCacheTarget, embeddingCacheConfig } from '@rag/embedding-cache';
import type { EmbeddingCacheModuleOptions } from '@rag/embedding-cache';
import { AppModule } from './app/app.module';
import { configureApp } from './app/configure-app';
import { checkBindAddress } from './config/check-bind-address.util';
import { ragApiConfig } from './config/rag-api.config';
import type { RagApiConfig } from './config/rag-api.config';
import { EmbeddingsService } from './embeddings/embeddings.service';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(), { bodyParser: false, bufferLogs: true, abortOnError: false });
  configureApp(app);
  const config = app.get<RagApiConfig>(ragApiConfig.KEY);
  checkBindAddress(config);
  const { port, host } = config;
  await app.listen(port, host);

  const logger = new Logger('Bootstrap');
  const cache = app.get<EmbeddingCacheModuleOptions>(embeddingCacheConfig.KEY);
  const state = app.get(EmbeddingCacheService).stats().state;
  logger.log(`rag-api listening on http://${host.includes(':') ? `[${host}]` : host}:${port} (OpenAPI UI at /docs)`);
  logger.log(config.keysFile ? `API keys required (${config.keysFile})` : 'no API keys (RAG_API_KEYS_FILE unset): every route is open to whoever reaches this address');
  logger.log(`embedding model: ${app.get(EmbeddingsService).model}`);
  logger.log(`embedding cache: ${describeCacheTarget(cache)}${cache.enabled === false ? '' : ` (${state})`}`);
}

bootstrap().catch((error: unknown) => {
  // Configuration errors name the variable; print the message alone, not a stack trace.
  process.stderr.write(`rag-api failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
