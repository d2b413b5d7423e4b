import { Global, Injectable, Module } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { ProjectionRunner } from '@app/projector';

/**
 * Read-your-writes for every feature: a read that names `minPosition` (the `position` of a write's answer) waits until
 * the read model it reads has applied that event, and is 503 PROJECTION_LAGGING after MIN_POSITION_WAIT_MS.
 */
@Injectable()
export class ReadYourWrites {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly config: AppConfig,
  ) {}

  /** Returns once `projection` has applied the event at `minPosition`; at once without one. */
  reach(projection: string, minPosition: number | undefined): Promise<void> {
    return this.runner.reach(projection, minPosition, this.config.MIN_POSITION_WAIT_MS);
  }
}

@Global()
@Module({ providers: [ReadYourWrites], exports: [ReadYourWrites] })
export class ReadYourWritesModule {}
