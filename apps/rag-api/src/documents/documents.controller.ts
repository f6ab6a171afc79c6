import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CollectionQueryDto } from './dto/collection-query.dto';
import { CreateDocumentDto } from './dto/create-document.dto';
import { DocumentAcceptedDto, DocumentDto } from './dto/document.dto';
import { DocumentsService } from './documents.service';

/** Documents for retrieval: chunked, embedded through the shared cache, stored with pgvector. */
@ApiTags('documents')
@Controller('v1/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @ApiOperation({ summary: 'Ingest (or replace) a document: queued for the workers, or processed inline when the queue is unreachable' })
  @ApiAcceptedResponse({ type: DocumentAcceptedDto, description: 'Queued; follow GET /v1/documents/:id (or GET /v1/embedding-jobs/:jobId)' })
  @ApiCreatedResponse({ type: DocumentAcceptedDto, description: "Processed inline (the queue's Redis was unreachable)" })
  @ApiBadRequestResponse({ description: 'Invalid body; the message names the field' })
  @ApiConflictResponse({ description: 'The collection holds vectors of other dimensions' })
  @ApiBadGatewayResponse({ description: 'Inline processing: the embedding provider failed' })
  async create(@Body() dto: CreateDocumentDto, @Res({ passthrough: true }) res: Response): Promise<DocumentAcceptedDto> {
    const { queued, body } = await this.documents.create(dto);
    res.status(queued ? 202 : 201);
    return body;
  }

  @Get(':id')
  @ApiOkResponse({ type: DocumentDto })
  @ApiNotFoundResponse({ description: 'No such document in the collection' })
  get(@Param('id') id: string, @Query() query: CollectionQueryDto): Promise<DocumentDto> {
    return this.documents.get(id, query.collection);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted with its chunks' })
  @ApiNotFoundResponse({ description: 'No such document in the collection' })
  delete(@Param('id') id: string, @Query() query: CollectionQueryDto): Promise<void> {
    return this.documents.delete(id, query.collection);
  }
}
