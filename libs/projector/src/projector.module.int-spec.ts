import { Injectable, Logger } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { ConfigModule, loadConfig } from '@app/config';
import { EVENT_STORE, EventStore, EventStoreModule, newEventId, RecordedEvent } from '@app/event-store';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { EntityManager } from 'typeorm';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { ProjectorModule } from './projector.module';

/** Holds its batch until released, so that the application can be closed while a pass is under way. */
@Injectable()
class HeldProjection implements Projection {
  readonly name = 'held-spec';
  readonly handles = ['Held'];
  private enter!: () => void;
  readonly entered = new Promise<void>((resolve) => (this.enter = resolve));
  release!: () => void;
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));

  async apply(tx: EntityManager, events: RecordedEvent[]): Promise<void> {
    this.enter();
    await this.released;
    await tx.query('SELECT $1::int', [events.length]);
  }
}

describe('ProjectorModule', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.drop());

  it('lets a pass under way finish, and starts no other, before the database closes on shutdown', async () => {
    const module: TestingModule = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(loadConfig({ LOG_LEVEL: 'silent' })),
        // In this order, as in the API, Nest shuts TypeORM's module (which destroys the data source) down first.
        ProjectorModule.forRoot({ projections: [HeldProjection], run: true }),
        EventStoreModule.forRoot(db.dataSource),
      ],
    }).compile();
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const stop = ProjectionRunner.prototype.stop;
    let stopRequested!: () => void;
    const stopping = new Promise<void>((resolve) => (stopRequested = resolve));
    const stops = jest.spyOn(ProjectionRunner.prototype, 'stop').mockImplementation(function (this: ProjectionRunner) {
      stopRequested();
      return stop.call(this);
    });
    try {
      await module.init();
      const held = module.get(HeldProjection);
      const store = module.get<EventStore>(EVENT_STORE);
      const held1 = { eventId: newEventId(), type: 'Held', data: {} };
      await store.append({ streamId: `held-${held1.eventId}`, expectedVersion: 'no-stream', events: [held1] });
      await held.entered;
      // Appended while the pass is under way: the runner is asked to go round again once it ends.
      const held2 = { eventId: newEventId(), type: 'Held', data: {} };
      const [second] = await store.appendMany([
        { streamId: `held-${held2.eventId}`, expectedVersion: 'no-stream', events: [held2] },
      ]);

      // Released only once shutdown has asked the runner to stop, so the pass is still under way when it does.
      const closing = module.close();
      await stopping;
      held.release();
      await closing;

      expect(errors).not.toHaveBeenCalled();
      // The pass committed: the checkpoint moved past the first event, and no later pass began.
      const [checkpoint] = await (
        await db.owner()
      ).query(`SELECT position::int AS position FROM projection_checkpoints WHERE name = 'held-spec'`);
      expect(checkpoint.position).toBeGreaterThan(0);
      expect(checkpoint.position).toBeLessThan(second.position);
    } finally {
      errors.mockRestore();
      stops.mockRestore();
    }
  });
});
