import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { canonicalize } from 'json-canonicalize';
import { DataSource } from 'typeorm';

/** A response as it is replayed: status, the headers that matter to a client (ETag, Location) and the body. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface IdempotencyRecord extends StoredResponse {
  fingerprint: string;
}

interface Row {
  fingerprint: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** SHA-256 of what makes two requests the same: method, path with query, and the body as canonical JSON (RFC 8785). */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()}\n${url}\n${body === undefined ? '' : canonicalize(body)}`)
    .digest('hex');
}

/** The first response to each (principal, key). */
@Injectable()
export class IdempotencyService {
  constructor(private readonly dataSource: DataSource) {}

  async find(principalId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const rows = await this.dataSource.query<Row[]>(
      'SELECT fingerprint, status, headers, body FROM idempotency_keys WHERE principal_id = $1 AND key = $2',
      [principalId, key],
    );
    return rows[0];
  }

  /** Keeps the first response recorded under the key (a concurrent duplicate may have recorded first) and returns it. */
  async record(
    principalId: string,
    key: string,
    fingerprint: string,
    response: StoredResponse,
  ): Promise<IdempotencyRecord> {
    await this.dataSource.query(
      `INSERT INTO idempotency_keys (principal_id, key, fingerprint, status, headers, body)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (principal_id, key) DO NOTHING`,
      [principalId, key, fingerprint, response.status, response.headers, JSON.stringify(response.body ?? null)],
    );
    return (await this.find(principalId, key))!;
  }

  /** Forgets the responses recorded more than `hours` ago; returns how many. */
  async purgeOlderThan(hours: number): Promise<number> {
    const [, deleted] = await this.dataSource.query<[unknown[], number]>(
      'DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)',
      [hours],
    );
    return deleted;
  }
}
