import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { DEPARTMENT_DIRECTORY } from '@app/access';
import { ProjectionRunner } from '@app/projector';
import { DepartmentDirectoryService } from '@app/read-models';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { AdminDepartmentsController } from './admin-departments.controller';
import { DepartmentsController } from './departments.controller';
import { DepartmentsService } from './departments.service';

/**
 * Global so that every feature that refers to departments (API keys through DEPARTMENT_DIRECTORY, powers) can ask
 * the directory whether a department exists.
 */
@Global()
@Module({
  imports: [IdempotencyModule],
  controllers: [AdminDepartmentsController, DepartmentsController],
  providers: [
    {
      provide: DepartmentDirectoryService,
      useFactory: (dataSource: DataSource, store: EventStore, runner: ProjectionRunner, config: AppConfig) =>
        new DepartmentDirectoryService(dataSource, store, runner, { minPositionWaitMs: config.MIN_POSITION_WAIT_MS }),
      inject: [DataSource, EVENT_STORE, ProjectionRunner, AppConfig],
    },
    { provide: DEPARTMENT_DIRECTORY, useExisting: DepartmentDirectoryService },
    DepartmentsService,
  ],
  exports: [DepartmentDirectoryService, DEPARTMENT_DIRECTORY],
})
export class DepartmentsModule {}
