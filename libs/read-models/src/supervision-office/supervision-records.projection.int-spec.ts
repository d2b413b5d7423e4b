import {
  ComplaintCommand,
  complaintDecider,
  complaintStreamId,
  RectificationCommand,
  rectificationDecider,
  rectificationStreamId,
} from '@app/domain';
import { handleCommand, newEventId, PostgresEventStore } from '@app/event-store';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { ProjectionRunner } from '@app/projector';
import { SupervisionRecordsProjection } from './supervision-records.projection';
import { SupervisionRecordsQueries } from './supervision-records.queries';

const stamp = { by: 'k-jw', recordedAt: '2025-03-03T09:00:00+08:00' };
const metadata = { actor: { id: 'k-jw', role: 'supervisor' } };
const ids = (count: number) => Array.from({ length: count }, newEventId);

describe('SupervisionRecordsProjection and SupervisionRecordsQueries', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;
  let queries: SupervisionRecordsQueries;
  const projection = new SupervisionRecordsProjection();

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.dataSource);
    runner = new ProjectionRunner(db.dataSource, store, [projection]);
    queries = new SupervisionRecordsQueries(db.dataSource);
  });
  afterAll(() => db.drop());

  const complaint = (complaintId: string, command: Record<string, unknown>) =>
    handleCommand(
      store,
      complaintDecider,
      complaintStreamId(complaintId),
      { complaintId, ...stamp, ...command } as unknown as ComplaintCommand,
      { metadata, eventIds: ids },
    );
  const order = (rectificationId: string, command: Record<string, unknown>) =>
    handleCommand(
      store,
      rectificationDecider,
      rectificationStreamId(rectificationId),
      { rectificationId, ...stamp, ...command } as unknown as RectificationCommand,
      { metadata, eventIds: ids },
    );

  const receive = (complaintId: string, department: string, receivedAt: string) =>
    complaint(complaintId, {
      type: 'ReceiveComplaint',
      channel: 'letter',
      receivedAt,
      about: { department },
      complainant: { disclosure: 'anonymous' },
      summary: '来信反映',
    });

  it('lists each kind newest first with its filters, pages by cursor, and rebuilds to the same rows', async () => {
    await receive('C-1', 'CG', '2025-03-01T10:00:00+08:00');
    await receive('C-2', 'SW', '2025-03-05T10:00:00+08:00');
    await receive('C-3', 'CG', '2025-03-09T10:00:00+08:00');
    await complaint('C-1', {
      type: 'AssignComplaint',
      department: 'CG',
      assignedOn: '2025-03-03',
      replyWithinWorkingDays: 10,
      replyDueOn: '2025-03-17',
    });
    await order('R-1', {
      type: 'OrderRectification',
      department: 'CG',
      source: { kind: 'finding', id: 'F-1' },
      requirements: '整改',
      orderedOn: '2025-03-03',
      withinWorkingDays: 10,
      dueOn: '2025-03-17',
    });
    await runner.catchUp();

    const all = await queries.list<{ complaintId: string }>('complaint', {}, {});
    expect(all.items.map((c) => c.complaintId)).toEqual(['C-3', 'C-2', 'C-1']);
    const cg = await queries.list<{ complaintId: string }>('complaint', { department: 'CG' }, {});
    expect(cg.items.map((c) => c.complaintId)).toEqual(['C-3', 'C-1']);
    const assigned = await queries.list<{ complaintId: string }>('complaint', { status: 'assigned' }, {});
    expect(assigned.items.map((c) => c.complaintId)).toEqual(['C-1']);
    const early = await queries.list<{ complaintId: string }>('complaint', { to: '2025-03-05' }, {});
    expect(early.items.map((c) => c.complaintId)).toEqual(['C-2', 'C-1']);
    const overdue = await queries.list<{ complaintId: string }>('complaint', { overdueOn: '2025-03-18' }, {});
    expect(overdue.items.map((c) => c.complaintId)).toEqual(['C-1']);
    expect((await queries.list('complaint', { overdueOn: '2025-03-17' }, {})).items).toEqual([]);

    const first = await queries.list<{ complaintId: string }>('complaint', {}, { limit: 2 });
    const second = await queries.list<{ complaintId: string }>(
      'complaint',
      {},
      { limit: 2, cursor: first.nextCursor! },
    );
    expect([...first.items, ...second.items].map((c) => c.complaintId)).toEqual(['C-3', 'C-2', 'C-1']);
    expect(second.nextCursor).toBeNull();

    const orders = await queries.list<{ rectificationId: string }>('rectification', { department: 'CG' }, {});
    expect(orders.items.map((r) => r.rectificationId)).toEqual(['R-1']);

    const rows = () => db.dataSource.query('SELECT * FROM supervision_records ORDER BY kind, id');
    const before = await rows();
    await runner.rebuild(projection);
    expect(await rows()).toEqual(before);
  });
});
