import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The `error` object of an error response (see `OpenAIErrorFilter`). */
export class OpenAIErrorDto {
  @ApiProperty({ description: 'What went wrong and, for client errors, what to change.', example: 'input is required' })
  message!: string;

  @ApiProperty({
    description: 'Error category, as OpenAI names them.',
    example: 'invalid_request_error',
    enum: ['invalid_request_error', 'permission_error', 'rate_limit_error', 'not_found_error', 'conflict_error', 'provider_error', 'service_unavailable', 'server_error'],
  })
  type!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The request field at fault, when there is one.', example: 'input' })
  param!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Stable machine-readable code, when there is one.', example: null })
  code!: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'On 502: the embedding provider\'s HTTP status (null when it gave none).' })
  provider_status?: number | null;
}

/** Body of every 4xx/5xx response except the health checks' 503, in the OpenAI API's error shape. */
export class OpenAIErrorResponseDto {
  @ApiProperty({ type: OpenAIErrorDto })
  error!: OpenAIErrorDto;
}
