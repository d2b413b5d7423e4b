import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Principal, PRINCIPAL_ROLES, PrincipalRole } from '@app/access';
import { CurrentPrincipal, Roles } from './auth.decorators';

export class PrincipalResponse {
  @ApiProperty({ description: 'The principal id the key belongs to, recorded as the actor of its writes' })
  id!: string;

  @ApiProperty({ enum: PRINCIPAL_ROLES })
  role!: PrincipalRole;

  @ApiPropertyOptional({ example: 'CG', description: 'A department key’s department' })
  department?: string;
}

/** Who a key is: what the console shows after sign-in, and how a client checks a key before using it. */
@ApiTags('admin')
@Roles(...PRINCIPAL_ROLES)
@Controller('v1/me')
export class MeController {
  @Get()
  @ApiOperation({ summary: 'The principal of the key sent: id, role and, for a department key, its department' })
  @ApiOkResponse({ type: PrincipalResponse })
  me(@CurrentPrincipal() principal: Principal): PrincipalResponse {
    return {
      id: principal.id,
      role: principal.role,
      ...(principal.department !== undefined ? { department: principal.department } : {}),
    };
  }
}
