import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
  Type,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { Projection, PROJECTIONS } from './projection';
import { ProjectionFailure, ProjectionRunner } from './projection-runner';

const RUN_PROJECTIONS = Symbol('RUN_PROJECTIONS');

/** Starts the runner with the application and stops it before the database closes. */
@Injectable()
class ProjectorLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projector');

  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(RUN_PROJECTIONS) private readonly run: boolean,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.run) await this.runner.start();
  }

  /**
   * Before, not on, application shutdown: TypeORM's module destroys the data source in its own onApplicationShutdown,
   * which may run first, and a pass still under way would then fail on a closed pool.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    this.logger.debug('projector stopped');
  }
}

/** One line: which projection, on which event, why, and when it is tried again. */
function describeFailure({ projection, event, error, retryAt }: ProjectionFailure): string {
  const where = event
    ? `on the event at position ${event.position} (${event.type} in ${event.streamId})`
    : 'before applying an event';
  return `projection ${projection} failed ${where}: ${error}; it stands still there and is retried from ${retryAt.toISOString()} on, with backoff`;
}

export interface ProjectorModuleOptions {
  projections: Type<Projection>[];
  /** Follow the log in this process; false still provides the runner for waitFor (minPosition) and health. */
  run: boolean;
}

/** Provides the ProjectionRunner over the given projections, and runs it when asked to. */
@Module({})
export class ProjectorModule {
  static forRoot({ projections, run }: ProjectorModuleOptions): DynamicModule {
    return {
      module: ProjectorModule,
      global: true,
      providers: [
        ...projections,
        { provide: RUN_PROJECTIONS, useValue: run },
        { provide: PROJECTIONS, useFactory: (...instances: Projection[]) => instances, inject: projections },
        {
          provide: ProjectionRunner,
          useFactory: (dataSource: DataSource, store: EventStore, instances: Projection[], config: AppConfig) => {
            const logger = new Logger('Projector');
            return new ProjectionRunner(dataSource, store, instances, {
              pollMs: config.PROJECTOR_POLL_MS,
              maxGatherMs: config.PROJECTOR_MAX_GATHER_MS,
              maxRetryMs: config.PROJECTOR_RETRY_MAX_MS,
              onFailure: (failure) => logger.error(describeFailure(failure)),
              onRecovery: (failure) =>
                logger.log(`projection ${failure.projection} recovered after ${failure.attempts} failed attempt(s)`),
            });
          },
          inject: [DataSource, EVENT_STORE, PROJECTIONS, AppConfig],
        },
        ProjectorLifecycle,
      ],
      exports: [ProjectionRunner, PROJECTIONS],
    };
  }
}
