import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ENUMS, EnumValue } from './enum-labels';

@ApiTags('meta')
@Public()
@Controller('v1/meta')
export class MetaController {
  @Get('enums')
  @ApiOperation({ summary: 'Every enumeration value of the API with its Chinese label' })
  @ApiOkResponse({
    description:
      'Enumeration name → values in order, e.g. `actorRole: [{ value: "department", label: "职能部门" }, …]`',
    schema: {
      type: 'object',
      additionalProperties: {
        type: 'array',
        items: {
          type: 'object',
          properties: { value: { oneOf: [{ type: 'string' }, { type: 'integer' }] }, label: { type: 'string' } },
        },
      },
    },
  })
  enums(): Readonly<Record<string, EnumValue[]>> {
    return ENUMS;
  }
}
