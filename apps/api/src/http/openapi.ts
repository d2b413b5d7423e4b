import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const API_KEY_SECURITY = 'api-key';

/** The HTTP contract as OpenAPI: the UI at /docs, the document at /docs-json. */
export function setupOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Power supervision API (规范行政权力运行)')
    .setDescription(
      'Event-sourced supervision of administrative power: the power catalogue, important power operations, ' +
        'electronic supervision alerts and accountability. Authenticate with `Authorization: Bearer <api key>`; ' +
        'errors are RFC 9457 application/problem+json with a stable `code` and the request’s `correlationId`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key: psk_<id>_<secret>' }, API_KEY_SECURITY)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
