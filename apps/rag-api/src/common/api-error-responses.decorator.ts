import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { OpenAIErrorResponseDto } from './dto/openai-error-response.dto';

/**
 * Declares the error statuses of an operation, each with its cause and the OpenAI error body
 * (`OpenAIErrorResponseDto`): `@ApiErrorResponses({ 404: 'No such job' })`. Every status an
 * operation can answer is listed, so that the served /docs/openapi.json is the whole contract
 * (apps/rag-api/test/openapi-contract.e2e-spec.ts checks real responses against it).
 */
export function ApiErrorResponses(descriptions: Record<number, string>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(descriptions).map(([status, description]) => ApiResponse({ status: Number(status), description, type: OpenAIErrorResponseDto })),
  );
}
