import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigModule } from '@app/config';
import { EventStoreModule } from '@app/event-store';
import { ALL_PROJECTIONS, ProjectorModule } from '@app/projections';

/** The projector on its own: every projection, following the log; no HTTP. */
@Module({})
export class ProjectorAppModule {
  static forRoot(config: AppConfig, dataSource: DataSource): DynamicModule {
    return {
      module: ProjectorAppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { level: config.LOG_LEVEL } }),
        EventStoreModule.forRoot(dataSource),
        ProjectorModule.forRoot({ projections: ALL_PROJECTIONS, run: true }),
      ],
    };
  }
}
