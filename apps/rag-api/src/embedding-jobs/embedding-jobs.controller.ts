import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentApiKey } from '../auth/current-api-key.decorator';
import type { ApiKey } from '../auth/interfaces/api-key.interface';
import { QueuedBytesService } from '../auth/queued-bytes.service';
import { RequiresPermission } from '../auth/requires-permission.decorator';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { INVALID_INPUT, INVALID_PARAMETERS, JSON_BODY_ERRORS, UNEXPECTED_ERROR } from '../common/openapi.constants';
import { CreateEmbeddingJobDto } from './dto/create-embedding-job.dto';
import { EMBEDDING_JOB_SCHEMA, EmbedTextsJobDto, EmbeddingJobCreatedDto, IngestDocumentJobDto } from './dto/embedding-job.dto';
import type { EmbeddingJobDto } from './dto/embedding-job.dto';
import { EmbeddingJobsService } from './embedding-jobs.service';

const QUEUE_DOWN = { 503: "The job queue's Redis is unreachable; try again later" };

/** Background embedding jobs, processed by `apps/worker` through the shared cache. */
@ApiTags('embedding-jobs')
@ApiExtraModels(EmbedTextsJobDto, IngestDocumentJobDto)
@RequiresPermission('jobs')
@Controller('v1/embedding-jobs')
export class EmbeddingJobsController {
  constructor(
    private readonly jobs: EmbeddingJobsService,
    private readonly queued: QueuedBytesService,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue texts to embed in the background (an embed-texts job), warming the shared cache' })
  @ApiAcceptedResponse({ type: EmbeddingJobCreatedDto, description: 'Queued; follow GET /v1/embedding-jobs/:id' })
  @ApiErrorResponses({ ...JSON_BODY_ERRORS, 400: `Invalid texts or model, ${INVALID_INPUT}`, ...QUEUE_DOWN, ...UNEXPECTED_ERROR })
  async create(@Body() dto: CreateEmbeddingJobDto, @CurrentApiKey() key?: ApiKey): Promise<EmbeddingJobCreatedDto> {
    const bytes = dto.texts.reduce((total, text) => total + Buffer.byteLength(text), 0);
    await this.queued.check(key, bytes);
    const created = await this.jobs.create(dto, key?.id);
    await this.queued.record(key, created.id, bytes);
    return created;
  }

  @Get(':id')
  @ApiOperation({ summary: 'State, progress and summary of a job (embed-texts, or ingest-document from POST /v1/documents)' })
  @ApiOkResponse({ schema: EMBEDDING_JOB_SCHEMA, description: 'The job; `name` tells the shape of its `summary`' })
  @ApiErrorResponses({ ...INVALID_PARAMETERS, 404: 'No such job, or not one of the caller\'s (keys read only their own jobs, and document jobs of their collections), or it expired: completed jobs are kept for a day, document jobs for an hour', ...QUEUE_DOWN, ...UNEXPECTED_ERROR })
  get(@Param('id') id: string, @CurrentApiKey() key?: ApiKey): Promise<EmbeddingJobDto> {
    return this.jobs.get(id, key);
  }
}
