import { DEPARTMENT_EVENT_TYPES, DepartmentRegisteredData } from '@app/domain';
import { RecordedEvent } from '@app/event-store/reading';
import { EntityManager } from 'typeorm';
import { Projection } from '@app/projector';

export const DEPARTMENTS_PROJECTION = 'departments';

/**
 * One row per registered department. A second registration of a code, which the decider never emits, leaves the
 * first row as it is, just as the decider's state keeps the first registration.
 */
export class DepartmentsProjection implements Projection {
  readonly name = DEPARTMENTS_PROJECTION;
  readonly handles: readonly string[] = DEPARTMENT_EVENT_TYPES;

  async apply(tx: EntityManager, events: RecordedEvent[]): Promise<void> {
    const registrations = events.map((event) => ({ event, data: event.data as DepartmentRegisteredData }));
    await tx.query(
      `INSERT INTO departments (code, name, parent, version, global_position, registered_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::timestamptz[])
       ON CONFLICT (code) DO NOTHING`,
      [
        registrations.map(({ data }) => data.code),
        registrations.map(({ data }) => data.name),
        registrations.map(({ data }) => data.parent ?? null),
        registrations.map(({ event }) => event.streamVersion),
        registrations.map(({ event }) => event.globalPosition),
        registrations.map(({ event }) => event.recordedAt),
      ],
    );
  }

  async reset(tx: EntityManager): Promise<void> {
    await tx.query('TRUNCATE departments');
  }
}
