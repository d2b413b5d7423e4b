import { EVALUATION_EVENT_TYPES, EvaluationPublishedData } from '@app/domain';
import { RecordedEvent } from '@app/event-store/reading';
import { DataSource, EntityManager } from 'typeorm';
import { Projection } from '@app/projector';

export const EVALUATIONS_PROJECTION = 'evaluations';

/** Every published version of every evaluation, one row each, as published. */
export class EvaluationsProjection implements Projection {
  readonly name = EVALUATIONS_PROJECTION;
  readonly handles: readonly string[] = EVALUATION_EVENT_TYPES;

  async apply(tx: EntityManager, events: RecordedEvent[]): Promise<void> {
    for (const event of events) {
      const data = event.data as EvaluationPublishedData;
      await tx.query(
        `INSERT INTO evaluations (evaluation_id, version, from_day, to_day, position, data)
         VALUES ($1, $2, $3, $4, $5, $6::json) ON CONFLICT DO NOTHING`,
        [data.evaluationId, data.version, data.from, data.to, event.globalPosition, JSON.stringify(data)],
      );
    }
  }

  async reset(tx: EntityManager): Promise<void> {
    await tx.query('TRUNCATE evaluations');
  }
}

/** The published evaluations, newest period first, each version. */
export class EvaluationsQueries {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<EvaluationPublishedData[]> {
    const rows = await this.dataSource.query<{ data: EvaluationPublishedData }[]>(
      'SELECT data FROM evaluations ORDER BY from_day DESC, to_day DESC, version DESC LIMIT 500',
    );
    return rows.map((row) => row.data);
  }

  /** The latest version of the evaluation of exactly this period, if one was published. */
  async latest(from: string, to: string): Promise<EvaluationPublishedData | undefined> {
    const [row] = await this.dataSource.query<{ data: EvaluationPublishedData }[]>(
      'SELECT data FROM evaluations WHERE from_day = $1 AND to_day = $2 ORDER BY version DESC LIMIT 1',
      [from, to],
    );
    return row?.data;
  }
}
