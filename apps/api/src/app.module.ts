import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigModule } from '@app/config';
import { EventStoreModule } from '@app/event-store';
import { ALL_PROJECTIONS } from '@app/bootstrap';
import { ClockModule } from '@app/platform';
import { ProjectorModule } from '@app/projector';
import { AlertDetectionModule } from '@app/supervision';
import { AlertsModule } from './alerts/alerts.module';
import { AuthModule } from './auth/auth.module';
import { CalendarsModule } from './calendars/calendars.module';
import { CasesModule } from './cases/cases.module';
import { SupervisionOfficeModule } from './supervision-office/supervision-office.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DepartmentsModule } from './departments/departments.module';
import { HealthModule } from './health/health.module';
import { loggerParams } from './http/logger.params';
import { MetaModule } from './meta/meta.module';
import { OperationsModule } from './operations/operations.module';
import { ReadYourWritesModule } from './http/read-your-writes';
import { PowersModule } from './powers/powers.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** Opened and migrated by the caller (main.ts, the e2e tests), who also closes it. */
  dataSource: DataSource;
}

@Module({})
export class AppModule {
  static forRoot({ config, dataSource }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config)),
        EventStoreModule.forRoot(dataSource),
        // The projections follow the log in this process when RUN_PROJECTOR is set (the default of npm start);
        // otherwise a separate projector runs them and this one only waits for them (minPosition).
        ProjectorModule.forRoot({ projections: ALL_PROJECTIONS, run: config.RUN_PROJECTOR }),
        ClockModule.forRoot(config),
        ReadYourWritesModule,
        AlertDetectionModule.forRoot({ watch: config.RUN_PROJECTOR }),
        AuthModule,
        HealthModule,
        MetaModule,
        DepartmentsModule,
        CalendarsModule,
        PowersModule,
        OperationsModule,
        AlertsModule,
        CasesModule,
        SupervisionOfficeModule,
        DashboardModule,
      ],
    };
  }
}
