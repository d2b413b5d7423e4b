import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { PostgresEventStore } from '@app/event-store';
import { ApiKeyService, DEPARTMENT_DIRECTORY, DepartmentDirectory } from '@app/access';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysController } from './api-keys.controller';
import { MeController } from './me.controller';
import { RateLimits } from './rate-limits';

@Module({
  controllers: [ApiKeysController, MeController],
  providers: [
    {
      provide: ApiKeyService,
      // The departments feature provides DEPARTMENT_DIRECTORY; until then department codes are checked for format.
      useFactory: (dataSource: DataSource, store: PostgresEventStore, departments?: DepartmentDirectory) =>
        new ApiKeyService(dataSource, store, departments),
      inject: [DataSource, PostgresEventStore, { token: DEPARTMENT_DIRECTORY, optional: true }],
    },
    RateLimits,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [ApiKeyService, RateLimits],
})
export class AuthModule {}
