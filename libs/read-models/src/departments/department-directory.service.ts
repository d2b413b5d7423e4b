import {
  departmentDecider,
  DepartmentEvent,
  departmentStreamId,
  DomainError,
  fold,
  isDepartmentCode,
} from '@app/domain';
import { EventLogReader } from '@app/event-store/reading';
import { DataSource } from 'typeorm';
import { DepartmentDirectory } from '@app/access';
import { ProjectionLaggingError } from '@app/projector';
import { ProjectionRunner } from '@app/projector';
import { DEPARTMENTS_PROJECTION } from './departments.projection';

export interface Department {
  code: string;
  name: string;
  parent?: string;
}

export interface RegisteredDepartmentView extends Department {
  /** Version of the department's stream. */
  version: number;
}

export interface DepartmentPage {
  items: Department[];
  nextCursor?: string;
}

export interface DepartmentListQuery {
  limit: number;
  cursor?: string;
  /** Answer only once the read model has processed the event at this global position. */
  minPosition?: number;
}

export interface DepartmentDirectoryOptions {
  /** How long `list` waits for the read model to reach `minPosition` before giving up with PROJECTION_LAGGING. */
  minPositionWaitMs: number;
}

interface DepartmentRow {
  code: string;
  name: string;
  parent: string | null;
}

/**
 * The departments. `exists` and `get` read the department's own stream, which is authoritative the moment a
 * registration is appended: a power granted or a key issued right after its department was registered must not
 * be refused because a projection lags behind. `list` reads the read model, waiting for `minPosition` if asked.
 * It is the DepartmentDirectory the API key service checks department keys with.
 */
export class DepartmentDirectoryService implements DepartmentDirectory {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventLogReader,
    private readonly runner: Pick<ProjectionRunner, 'waitFor'>,
    private readonly options: DepartmentDirectoryOptions,
  ) {}

  async exists(code: string): Promise<boolean> {
    return (await this.get(code)) !== undefined;
  }

  async get(code: string): Promise<RegisteredDepartmentView | undefined> {
    // Anything not shaped like a code cannot have been registered; it never reaches the store as a stream id.
    if (!isDepartmentCode(code)) return undefined;
    const history = await this.store.readStream(departmentStreamId(code));
    const state = fold(
      departmentDecider,
      history.map((event) => ({ type: event.type, data: event.data }) as DepartmentEvent),
    );
    if (state.status !== 'registered') return undefined;
    const version = history[history.length - 1].streamVersion;
    return {
      code: state.code,
      name: state.name,
      ...(state.parent !== undefined ? { parent: state.parent } : {}),
      version,
    };
  }

  /** Departments ordered by code. */
  async list(query: DepartmentListQuery): Promise<DepartmentPage> {
    if (query.minPosition !== undefined) {
      const reached = await this.runner.waitFor(query.minPosition, this.options.minPositionWaitMs, [
        DEPARTMENTS_PROJECTION,
      ]);
      if (!reached) throw new ProjectionLaggingError(DEPARTMENTS_PROJECTION, query.minPosition);
    }
    const after = query.cursor === undefined ? '' : decodeCursor(query.cursor);
    const rows = await this.dataSource.query<DepartmentRow[]>(
      'SELECT code, name, parent FROM departments WHERE code > $1 ORDER BY code LIMIT $2',
      [after, query.limit + 1],
    );
    const items = rows.slice(0, query.limit).map(toDepartment);
    return rows.length > query.limit ? { items, nextCursor: encodeCursor(items[items.length - 1].code) } : { items };
  }
}

function toDepartment(row: DepartmentRow): Department {
  return { code: row.code, name: row.name, ...(row.parent !== null ? { parent: row.parent } : {}) };
}

const encodeCursor = (code: string): string => Buffer.from(code, 'utf8').toString('base64url');

function decodeCursor(cursor: string): string {
  const code = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isDepartmentCode(code) || encodeCursor(code) !== cursor) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'validation',
      'The cursor is invalid',
      {},
      { cursor: ['invalid cursor'] },
    );
  }
  return code;
}
