import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { CreateEmbeddingJobDto } from './dto/create-embedding-job.dto';
import { EmbeddingJobCreatedDto, EmbeddingJobDto } from './dto/embedding-job.dto';
import { EmbeddingJobsService } from './embedding-jobs.service';

/** Background embedding jobs, processed by `apps/worker` through the shared cache. */
@ApiTags('embedding-jobs')
@Controller('v1/embedding-jobs')
export class EmbeddingJobsController {
  constructor(private readonly jobs: EmbeddingJobsService) {}

  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: EmbeddingJobCreatedDto })
  @ApiBadRequestResponse({ description: 'Invalid texts or model; the message names the field' })
  @ApiServiceUnavailableResponse({ description: "The queue's Redis is unreachable" })
  create(@Body() dto: CreateEmbeddingJobDto): Promise<EmbeddingJobCreatedDto> {
    return this.jobs.create(dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: EmbeddingJobDto })
  @ApiNotFoundResponse({ description: 'No such job (or it expired: completed jobs are kept for a day)' })
  @ApiServiceUnavailableResponse({ description: "The queue's Redis is unreachable" })
  get(@Param('id') id: string): Promise<EmbeddingJobDto> {
    return this.jobs.get(id);
  }
}
