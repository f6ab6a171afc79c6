import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentApiKey } from '../auth/current-api-key.decorator';
import type { ApiKey } from '../auth/interfaces/api-key.interface';
import { QueuedBytesService } from '../auth/queued-bytes.service';
import { RequiresPermission } from '../auth/requires-permission.decorator';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { JSON_BODY_ERRORS, UNEXPECTED_ERROR, VECTOR_STORE_DOWN } from '../common/openapi.constants';
import { CollectionQueryDto } from './dto/collection-query.dto';
import { CreateDocumentDto } from './dto/create-document.dto';
import { DocumentAcceptedDto, DocumentDto } from './dto/document.dto';
import { DocumentsService } from './documents.service';

const DOCUMENT_ERRORS = {
  400: 'Invalid ?collection=, an unknown query parameter, or an id that is not valid percent-encoded UTF-8 or holds a NUL; the message and `param` name it',
  404: 'No such document in the collection',
};

/** Documents for retrieval: chunked, embedded through the shared cache, stored with pgvector. */
@ApiTags('documents')
@Controller('v1/documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly queued: QueuedBytesService,
  ) {}

  @Post()
  @RequiresPermission('write', 'body')
  @ApiOperation({ summary: 'Ingest (or replace) a document: queued for the workers, or processed inline when the queue is unreachable' })
  @ApiAcceptedResponse({ type: DocumentAcceptedDto, description: 'Queued; follow GET /v1/documents/:id (or GET /v1/embedding-jobs/:jobId)' })
  @ApiCreatedResponse({ type: DocumentAcceptedDto, description: "Processed inline (the queue's Redis was unreachable)" })
  @ApiErrorResponses({
    ...JSON_BODY_ERRORS,
    409: 'Inline processing: the collection holds vectors of other dimensions (code dimension_mismatch)',
    502: 'Inline processing: the embedding provider failed or returned an invalid vector (code provider_error)',
    ...VECTOR_STORE_DOWN,
    ...UNEXPECTED_ERROR,
  })
  async create(@Body() dto: CreateDocumentDto, @Res({ passthrough: true }) res: Response, @CurrentApiKey() key?: ApiKey): Promise<DocumentAcceptedDto> {
    const bytes = Buffer.byteLength(dto.text);
    await this.queued.check(key, bytes);
    const { queued, body } = await this.documents.create(dto, key?.id);
    if (body.jobId) await this.queued.record(key, body.jobId, bytes);
    res.status(queued ? 202 : 201);
    return body;
  }

  @Get(':id')
  @RequiresPermission('read', 'query')
  @ApiOperation({ summary: "A document's ingestion state, chunk count and metadata" })
  @ApiOkResponse({ type: DocumentDto })
  @ApiErrorResponses({ ...DOCUMENT_ERRORS, ...VECTOR_STORE_DOWN, ...UNEXPECTED_ERROR })
  get(@Param('id') id: string, @Query() query: CollectionQueryDto): Promise<DocumentDto> {
    return this.documents.get(id, query.collection);
  }

  @Delete(':id')
  @RequiresPermission('write', 'query')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a document and its chunks (a queued ingestion of it then stores nothing)' })
  @ApiNoContentResponse({ description: 'Deleted with its chunks' })
  @ApiErrorResponses({ ...DOCUMENT_ERRORS, ...VECTOR_STORE_DOWN, ...UNEXPECTED_ERROR })
  delete(@Param('id') id: string, @Query() query: CollectionQueryDto): Promise<void> {
    return this.documents.delete(id, query.collection);
  }
}
