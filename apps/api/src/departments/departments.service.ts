import { Inject, Injectable } from '@nestjs/common';
import { departmentDecider, DepartmentRegisteredData, departmentStreamId } from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { DepartmentDirectoryService, DepartmentListQuery } from '@app/read-models';
import { WriteContext } from '../http/write-context';
import { handleIdempotently } from '../idempotency/handle-idempotently';
import { DepartmentPageResponse, DepartmentRegisteredResponse } from './department.response.dto';
import { RegisterDepartmentRequest } from './register-department.request.dto';

@Injectable()
export class DepartmentsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly directory: DepartmentDirectoryService,
  ) {}

  /** The parent is looked up on its own stream first: the department's decider sees only its own stream. */
  async register(request: RegisterDepartmentRequest, context: WriteContext): Promise<DepartmentRegisteredResponse> {
    const { actor, correlationId, scope } = context;
    const parentRegistered = request.parent !== undefined && (await this.directory.exists(request.parent));
    const streamId = departmentStreamId(request.code);
    const written = await handleIdempotently(
      this.store,
      departmentDecider,
      streamId,
      { type: 'RegisterDepartment', actor, ...request, parentRegistered },
      { scope, metadata: { actor, correlationId } },
    );
    const [registered] = written.events;
    return {
      streamId,
      version: written.version,
      position: registered.globalPosition,
      ...(registered.data as DepartmentRegisteredData),
    };
  }

  async list(query: DepartmentListQuery): Promise<DepartmentPageResponse> {
    return this.directory.list(query);
  }
}
