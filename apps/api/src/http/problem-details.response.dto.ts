import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem-details';

/** The OpenAPI schema of every error response (RFC 9457). */
export class ProblemDetailsResponse {
  @ApiProperty({ example: 'https://power-supervision.example/problems/validation-failed' })
  type!: string;

  @ApiProperty({ example: 'Validation failed' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'The request is invalid' })
  detail!: string;

  @ApiProperty({ description: 'Stable machine-readable code', example: 'VALIDATION_FAILED' })
  code!: string;

  @ApiPropertyOptional({
    description: 'Field → messages; nested fields as dotted paths',
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { 'legalBasis.0.title': ['title should not be empty'] },
  })
  errors?: Record<string, string[]>;

  @ApiProperty({ description: 'Echo of X-Correlation-Id, or the id the server gave the request' })
  correlationId!: string;
}

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Invalid request (VALIDATION_FAILED with `errors`, MALFORMED_JSON)',
  401: 'No, unknown or revoked API key (UNAUTHORIZED)',
  403: 'The key’s role may not do this (FORBIDDEN)',
  404: 'No such resource',
  409: 'Conflict (e.g. VERSION_CONFLICT)',
  413: 'Body over 1 MiB (PAYLOAD_TOO_LARGE)',
  415: 'Body not application/json (UNSUPPORTED_MEDIA_TYPE)',
  422: 'A business rule forbids it',
  429: 'Rate limit reached (TOO_MANY_REQUESTS); Retry-After gives the seconds to wait',
  503: 'Not available right now',
};

/** Documents the problem+json responses an endpoint can give. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsResponse),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Problem',
        content: { [PROBLEM_CONTENT_TYPE.split(';')[0]]: { schema: { $ref: getSchemaPath(ProblemDetailsResponse) } } },
      }),
    ),
  );
}
