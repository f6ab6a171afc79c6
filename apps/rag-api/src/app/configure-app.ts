import { ShutdownSignal } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import { useContainer } from 'class-validator';
import { Logger } from 'nestjs-pino';
import { collectDefaultMetrics, register } from 'prom-client';
import { ApiKeysService } from '../auth/api-keys.service';
import { API_KEY_SECURITY } from '../auth/auth.constants';
import { docsAuthMiddleware } from '../auth/docs-auth.middleware';
import { BodyBudget } from '../common/body-budget.middleware';
import { BODY_LIMIT, BODY_LIMIT_BYTES, bodyErrorsMiddleware } from '../common/body-errors.middleware';
import { pathEncodingMiddleware } from '../common/input/path-encoding.middleware';
import { RequestInputGuard } from '../common/input/request-input.guard';
import { verifyJsonBody } from '../common/input/verify-json-body.util';
import { jsonContentTypeMiddleware } from '../common/json-content-type.middleware';
import { OpenAIErrorFilter } from '../common/openai-error.filter';
import { createValidationPipe } from '../common/validation.pipe';
import { ragApiConfig } from '../config/rag-api.config';
import type { RagApiConfig } from '../config/rag-api.config';
import { JobTextsConstraint } from '../embedding-jobs/validation/job-texts.constraint';
import { CreateEmbeddingsDto } from '../embeddings/dto/create-embeddings.dto';
import { EmbeddingsFastPath, handOnBodyErrors } from '../embeddings/embeddings-fast-path';
import type { NodeMiddleware } from '../embeddings/embeddings-fast-path';
import { EmbeddingsService } from '../embeddings/embeddings.service';
import { acceptCreateEmbeddings } from '../embeddings/validation/accept-create-embeddings.util';
import { EmbeddingInputConstraint } from '../embeddings/validation/embedding-input.constraint';
import { HttpMetrics } from '../metrics/http-metrics';
import { httpLoggerFor } from './logger.options';

/**
 * Everything main.ts does to the app besides listening, shared with the e2e tests so they run
 * the same stack. The app must be created with `{ bodyParser: false }`: the HTTP metrics
 * middleware goes before the body parser, so 413, 415 and malformed-JSON rejections are counted too.
 * Request input is checked before any work (docs/api-input-limits.md): bodies by the body parser's
 * `verifyJsonBody`, path and query parameters by `RequestInputGuard`; the bodies in flight at once
 * are bounded (`HTTP_MAX_INFLIGHT_BODY_BYTES`) before any is read. With `HTTP_FAST_PATH` (default),
 * `EmbeddingsFastPath` is put in front of the Express app on the HTTP server: it answers cached
 * `POST /v1/embeddings` from memory with this very body parser, body budget, request logger and
 * metrics, and hands every other request to the Express app.
 */
export function configureApp(app: NestExpressApplication): void {
  app.useLogger(app.get(Logger));
  app.use(app.get(HttpMetrics).middleware);
  app.use(pathEncodingMiddleware);
  app.use(jsonContentTypeMiddleware);
  // Before the body parser: a body beyond the in-flight bound is refused before it is read.
  const config = app.get<RagApiConfig>(ragApiConfig.KEY);
  const budget = new BodyBudget(config.maxInFlightBodyBytes, BODY_LIMIT_BYTES);
  app.use(budget.middleware);
  // What `app.useBodyParser('json', …)` installs (Express's own parser), made here so that the
  // embeddings fast path runs this very middleware.
  const parseJson = json({ limit: BODY_LIMIT, verify: verifyJsonBody });
  app.use(parseJson);
  app.use(handOnBodyErrors);
  app.use(bodyErrorsMiddleware);
  // After the body checks, as nestjs-pino's own middleware was: a request refused there is not logged.
  const logRequest = httpLoggerFor(config);
  app.use(logRequest);
  app.useGlobalGuards(new RequestInputGuard());
  const embeddingInput = app.get(EmbeddingInputConstraint);
  app.useGlobalPipes(createValidationPipe(new Map([[CreateEmbeddingsDto, (body: unknown) => acceptCreateEmbeddings(body, embeddingInput)]])));
  app.useGlobalFilters(new OpenAIErrorFilter());
  app.disable('x-powered-by');
  if (config.fastPath) {
    const parts = { embeddings: app.get(EmbeddingsService), keys: app.get(ApiKeysService), input: embeddingInput, metrics: app.get(HttpMetrics), budget };
    EmbeddingsFastPath.install(app.getHttpServer(), { ...parts, parseJson: parseJson as NodeMiddleware, logRequest: logRequest as unknown as NodeMiddleware });
  }
  // Lets class-validator constraints be Nest providers (EmbeddingInputConstraint reads the config).
  // Only the listed classes are looked up in Nest: the app proxy exits the process on an unknown one.
  const constraints = new Map<unknown, unknown>([
    [EmbeddingInputConstraint, embeddingInput],
    [JobTextsConstraint, app.get(JobTextsConstraint)],
  ]);
  useContainer({ get: <T>(cls: unknown) => constraints.get(cls) as T }, { fallback: true, fallbackOnErrors: true });
  // Process metrics once per process; several apps in one test process share the registry.
  if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('rag-api')
      .setDescription('OpenAI-compatible embeddings served through a shared Redis embedding cache')
      .setVersion('0.1.0')
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', description: 'An API key of RAG_API_KEYS_FILE (also accepted in the `api-key` header); required when the file is set (docs/security.md)' },
        API_KEY_SECURITY,
      )
      .build(),
  );
  app.use('/docs', docsAuthMiddleware(app.get(ApiKeysService)));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  // With a keys file, SIGHUP reloads it (ApiKeysService) instead of shutting down.
  const reloadsOnSighup = app.get(ApiKeysService).enabled;
  app.enableShutdownHooks(Object.values(ShutdownSignal).filter((signal) => !reloadsOnSighup || signal !== ShutdownSignal.SIGHUP));
}
