import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import { ConfigError } from '@app/config';
import { departmentErrors, DomainError } from '@app/domain';
import { EventMetadata, newEventId, PostgresEventStore, preparedQuery } from '@app/event-store';
import { API_KEY_ISSUED, API_KEY_REVOKED, ApiKeyIssuedData, ApiKeyRevokedData, apiKeyStreamId } from './api-key.events';
import { formatApiKey, generateApiKeySecret, hashApiKeySecret, parseApiKey, secretMatches } from './api-key.format';
import { Principal, PrincipalRole, principalFieldErrors } from './api-key.principal';
import { DepartmentDirectory } from './department-directory';
import { MicroBatcher } from '@app/platform';

/** Who asks for a key change and in which request: goes into the events' metadata. */
export interface ApiKeyCommandContext {
  actor: NonNullable<EventMetadata['actor']>;
  correlationId: string;
}

export interface IssueApiKeyInput {
  name: string;
  role: string;
  department?: string;
}

export interface IssuedApiKey {
  id: string;
  /** The only time the key is ever shown. */
  key: string;
  name: string;
  role: PrincipalRole;
  department?: string;
  createdAt: string;
}

export interface ApiKeySummary {
  id: string;
  name: string;
  role: PrincipalRole;
  department?: string;
  createdAt: string;
  createdBy: string;
  revokedAt?: string;
}

export interface ApiKeyPage {
  items: ApiKeySummary[];
  nextCursor?: string;
}

export interface ApiKeyRevocation {
  id: string;
  /** False when the key was already revoked: nothing was written. */
  revoked: boolean;
}

export interface AdminKeyBootstrap {
  id: string;
  created: boolean;
  /** ADMIN_API_KEY was revoked: it opens nothing, and the operator issues an admin key with the CLI instead. */
  revoked?: boolean;
  /** Set only when the service generated the key: it must be shown to the operator now, it cannot be shown later. */
  key?: string;
}

/** The actor of keys the service creates by itself at start-up. */
export const SYSTEM_ACTOR = Object.freeze({ id: 'system', role: 'admin' });

const NAME_MAX_LENGTH = 200;

interface ApiKeyRow {
  id: string;
  name: string;
  role: PrincipalRole;
  department: string | null;
  secret_hash: Buffer;
  created_at: Date;
  created_by: string;
  revoked_at: Date | null;
}

type ActiveKeyRow = Pick<ApiKeyRow, 'id' | 'role' | 'department' | 'secret_hash'>;

/**
 * Issues, revokes and checks API keys. Each change appends its event to the key's stream and updates the
 * api_keys table in one transaction, so the table is never behind the log and a revoked key fails on the very
 * next request, in every process. Used by the API and the CLI alike.
 */
export class ApiKeyService {
  /**
   * Every request is authenticated; under load, one query per request cost as much as the rest of a registration's
   * queries together. Concurrent authentications share one indexed lookup instead.
   */
  private readonly lookups = new MicroBatcher<string, ActiveKeyRow | undefined>((ids) => this.activeKeys(ids), {
    maxBatch: 256,
    concurrency: 4,
  });

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: PostgresEventStore,
    private readonly departments?: DepartmentDirectory,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async issue(input: IssueApiKeyInput, context: ApiKeyCommandContext): Promise<IssuedApiKey> {
    const valid = await this.validate(input);
    const id = uuidv7();
    const secret = generateApiKeySecret();
    return this.dataSource.transaction((manager) => this.write(manager, id, secret, valid, context));
  }

  /**
   * Issues the key with this id and secret, unless the id is taken: then the same request again (name, role,
   * department and secret alike) is answered with that key, replayed, and any other is a conflict. The API derives
   * id and secret from an Idempotency-Key and the caller's own key, so that a retry gets the key it lost without
   * the secret being stored anywhere.
   */
  async issueOnce(
    id: string,
    secret: string,
    input: IssueApiKeyInput,
    context: ApiKeyCommandContext,
  ): Promise<{ issued: IssuedApiKey; replayed: boolean } | { conflict: true }> {
    const valid = await this.validate(input);
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`api_keys.issue:${id}`]);
      const [row] = await manager.query<ApiKeyRow[]>(
        'SELECT id, name, role, department, secret_hash, created_at FROM api_keys WHERE id = $1',
        [id],
      );
      if (!row) return { issued: await this.write(manager, id, secret, valid, context), replayed: false };
      const same =
        row.name === valid.name &&
        row.role === valid.role &&
        (row.department ?? undefined) === valid.department &&
        secretMatches(secret, row.secret_hash);
      if (!same) return { conflict: true };
      const scope = row.department === null ? {} : { department: row.department };
      const createdAt = row.created_at.toISOString();
      const issued = { id, key: formatApiKey(id, secret), name: row.name, role: row.role, ...scope, createdAt };
      return { issued, replayed: true };
    });
  }

  /** Revoking twice is not an error: the key stays revoked and nothing more is written. */
  async revoke(id: string, context: ApiKeyCommandContext): Promise<ApiKeyRevocation> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<Pick<ApiKeyRow, 'revoked_at'>[]>(
        'SELECT revoked_at FROM api_keys WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!row) throw new DomainError('API_KEY_NOT_FOUND', 'not-found', `API key ${id} does not exist`, { id });
      if (row.revoked_at !== null) return { id, revoked: false };
      const revokedAt = this.now().toISOString();
      const data: ApiKeyRevokedData = { keyId: id };
      await this.store.appendMany(
        [
          {
            streamId: apiKeyStreamId(id),
            // A key's stream holds ApiKeyIssued then at most ApiKeyRevoked.
            expectedVersion: 1,
            events: [
              { eventId: newEventId(), type: API_KEY_REVOKED, data, metadata: { ...context }, recordedAt: revokedAt },
            ],
          },
        ],
        manager,
      );
      await manager.query('UPDATE api_keys SET revoked_at = $2, revoked_by = $3 WHERE id = $1', [
        id,
        revokedAt,
        context.actor.id,
      ]);
      return { id, revoked: true };
    });
  }

  /**
   * The principal of a valid, unrevoked key; undefined otherwise. No cache: the lookup (shared with the
   * authentications made meanwhile) starts after the call, so a key revoked before a request arrives fails it.
   */
  async authenticate(key: string): Promise<Principal | undefined> {
    const parsed = parseApiKey(key);
    if (!parsed) return undefined;
    const row = await this.lookups.submit(parsed.id);
    if (!row || !secretMatches(parsed.secret, row.secret_hash)) return undefined;
    return row.department === null
      ? { id: parsed.id, role: row.role }
      : { id: parsed.id, role: row.role, department: row.department };
  }

  /** Keys ordered by id, revoked ones included; never their secrets. */
  async list(options: { limit: number; cursor?: string }): Promise<ApiKeyPage> {
    const after = options.cursor === undefined ? '' : decodeCursor(options.cursor);
    const rows = await this.dataSource.query<ApiKeyRow[]>(
      `SELECT id, name, role, department, created_at, created_by, revoked_at FROM api_keys
        WHERE id > $1 ORDER BY id LIMIT $2`,
      [after, options.limit + 1],
    );
    const items = rows.slice(0, options.limit).map(toSummary);
    const last = items[items.length - 1];
    return rows.length > options.limit ? { items, nextCursor: encodeCursor(last.id) } : { items };
  }

  /**
   * Makes sure an administrator can get in. With ADMIN_API_KEY that key is registered once (its id is the
   * one inside the key); without it, a key is generated when no active admin key exists, and returned so
   * that start-up can print it. Safe when several processes start together.
   */
  async ensureAdminKey(configuredKey: string | undefined): Promise<AdminKeyBootstrap> {
    const context: ApiKeyCommandContext = { actor: { ...SYSTEM_ACTOR }, correlationId: randomUUID() };
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('api_keys.ensure_admin_key'))`);
      if (configuredKey !== undefined) {
        const parsed = parseApiKey(configuredKey);
        if (!parsed)
          throw new ConfigError(
            'ADMIN_API_KEY must be an API key of the form psk_<id>_<secret>: the id in letters, digits and "-", ' +
              'the secret at least 32 characters of A-Z a-z 0-9 _ - (for example psk_admin_ followed by ' +
              '`openssl rand -base64 32 | tr "+/" "-_" | tr -d =`)',
          );
        const [row] = await manager.query<Pick<ApiKeyRow, 'role' | 'secret_hash' | 'revoked_at'>[]>(
          'SELECT role, secret_hash, revoked_at FROM api_keys WHERE id = $1',
          [parsed.id],
        );
        if (!row) {
          await this.write(manager, parsed.id, parsed.secret, adminInput('Administrator (ADMIN_API_KEY)'), context);
          return { id: parsed.id, created: true };
        }
        // A revoked ADMIN_API_KEY opens nothing, but the server still starts: refusing to would lock the operator
        // out until the setting changes. The CLI issues another admin key (keys create --role admin).
        if (row.role === 'admin' && secretMatches(parsed.secret, row.secret_hash))
          return row.revoked_at === null
            ? { id: parsed.id, created: false }
            : { id: parsed.id, created: false, revoked: true };
        throw new ConfigError(
          `ADMIN_API_KEY uses the key id "${parsed.id}", which belongs to another key; choose a key with a new id`,
        );
      }
      const [active] = await manager.query<Pick<ApiKeyRow, 'id'>[]>(
        `SELECT id FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL ORDER BY id LIMIT 1`,
      );
      if (active) return { id: active.id, created: false };
      const id = uuidv7();
      const secret = generateApiKeySecret();
      const issued = await this.write(manager, id, secret, adminInput('First administrator'), context);
      return { id, created: true, key: issued.key };
    });
  }

  private async activeKeys(ids: string[]): Promise<PromiseSettledResult<ActiveKeyRow | undefined>[]> {
    const rows = await preparedQuery<ActiveKeyRow>(
      this.dataSource,
      'api-keys-active',
      'SELECT id, role, department, secret_hash FROM api_keys WHERE id = ANY($1::text[]) AND revoked_at IS NULL',
      [[...new Set(ids)]],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => ({ status: 'fulfilled', value: byId.get(id) }));
  }

  private async validate(input: IssueApiKeyInput): Promise<ValidInput> {
    const errors: Record<string, string[]> = { ...principalFieldErrors(input.role, input.department) };
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name === '' || name.length > NAME_MAX_LENGTH) errors.name = [`name must be 1 to ${NAME_MAX_LENGTH} characters`];
    if (Object.keys(errors).length === 0 && input.department !== undefined && this.departments) {
      // A well-formed request naming an unknown department breaks a rule: 422 DEPARTMENT_NOT_FOUND, not a 400.
      if (!(await this.departments.exists(input.department)))
        throw departmentErrors.notFound(input.department, 'department');
    }
    if (Object.keys(errors).length > 0)
      throw new DomainError('VALIDATION_FAILED', 'validation', 'The API key request is invalid', {}, errors);
    return { name, role: input.role as PrincipalRole, department: input.department };
  }

  private async write(
    manager: EntityManager,
    id: string,
    secret: string,
    input: ValidInput,
    context: ApiKeyCommandContext,
  ): Promise<IssuedApiKey> {
    const createdAt = this.now().toISOString();
    const scope = input.department === undefined ? {} : { department: input.department };
    const data: ApiKeyIssuedData = { keyId: id, name: input.name, role: input.role, ...scope };
    await this.store.appendMany(
      [
        {
          streamId: apiKeyStreamId(id),
          expectedVersion: 'no-stream',
          events: [
            { eventId: newEventId(), type: API_KEY_ISSUED, data, metadata: { ...context }, recordedAt: createdAt },
          ],
        },
      ],
      manager,
    );
    await manager.query(
      `INSERT INTO api_keys (id, name, role, department, secret_hash, created_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, input.name, input.role, input.department ?? null, hashApiKeySecret(secret), createdAt, context.actor.id],
    );
    return { id, key: formatApiKey(id, secret), name: input.name, role: input.role, ...scope, createdAt };
  }
}

interface ValidInput {
  name: string;
  role: PrincipalRole;
  department?: string;
}

const adminInput = (name: string): ValidInput => ({ name, role: 'admin' });

function toSummary(row: ApiKeyRow): ApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    ...(row.department === null ? {} : { department: row.department }),
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at.toISOString() }),
  };
}

const encodeCursor = (id: string): string => Buffer.from(id, 'utf8').toString('base64url');

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (cursor === '' || encodeCursor(id) !== cursor)
    throw new DomainError(
      'VALIDATION_FAILED',
      'validation',
      'The cursor is invalid',
      {},
      { cursor: ['invalid cursor'] },
    );
  return id;
}
