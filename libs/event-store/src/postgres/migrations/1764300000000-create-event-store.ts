import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only event log.
 *
 * - global_position: identity, the order events were inserted (not the order they became visible).
 * - transaction_id: the inserting transaction. Readers of the global log read only transactions older than
 *   every transaction still running (pg_snapshot_xmin) and order by (transaction_id, global_position), so an
 *   event whose transaction commits late is never skipped.
 * - prev_hash/hash: the per-stream SHA-256 chain, computed by append_events() inside the append transaction.
 * - Triggers reject UPDATE, DELETE and TRUNCATE whoever runs them; only a superuser who disables them can edit
 *   a row, and verifyAll() then finds the broken link.
 */
export class CreateEventStore1764300000000 implements MigrationInterface {
  name = 'CreateEventStore1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
        event_id        uuid        NOT NULL,
        stream_id       text        NOT NULL CHECK (length(stream_id) BETWEEN 1 AND 200),
        stream_version  bigint      NOT NULL CHECK (stream_version >= 1),
        type            text        NOT NULL,
        schema_version  integer     NOT NULL DEFAULT 1,
        data            jsonb       NOT NULL,
        metadata        jsonb       NOT NULL,
        recorded_at     timestamptz NOT NULL,
        prev_hash       bytea       NOT NULL,
        hash            bytea       NOT NULL,
        CONSTRAINT events_event_id_key UNIQUE (event_id),
        CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version)
      )`);
    await db.query(`CREATE INDEX events_commit_order_idx ON events (transaction_id, global_position)`);
    await db.query(`CREATE INDEX events_type_idx ON events (type, global_position)`);

    await db.query(`
      CREATE FUNCTION events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events are append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_reject_change()`);
    await db.query(`
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_reject_change()`);
    await db.query(`REVOKE UPDATE, DELETE, TRUNCATE ON events FROM PUBLIC`);

    /*
     * The chain link, in one place for every append path:
     * SHA-256(prev_hash ‖ utf8(stream_id) ‖ 0x00 ‖ int64be(stream_version) ‖ utf8(canonical envelope)).
     * The NUL keeps stream id and version apart (text never contains NUL). hash-chain.ts verifies the same.
     */
    await db.query(`
      CREATE FUNCTION event_chain_hash(p_prev bytea, p_stream text, p_version bigint, p_envelope text)
      RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT sha256(p_prev || convert_to(p_stream, 'UTF8') || '\\x00'::bytea || int8send(p_version)
                      || convert_to(p_envelope, 'UTF8'))
      $$`);

    /*
     * Appends events to one or more streams in one statement (one round trip, one transaction when called in
     * autocommit). Streams are given once each with their expected version (NULL = any, 0 = no stream); their
     * events follow in order, p_counts[i] events for stream i. p_envelopes holds, per event, the RFC 8785
     * canonical JSON of {eventId, type, schemaVersion, data, metadata, recordedAt}; the stored columns are
     * parsed from it, so what is hashed is exactly what is stored.
     *
     * A retry (every event id already stored) returns the stored rows with already_stored = true and writes
     * nothing; it is recognised only on the slow path (a version mismatch, or an insert that hit event ids
     * already stored), so a first append pays nothing for it. A version mismatch raises SQLSTATE ES409 with
     * the actual version in DETAIL; a concurrent writer that wins the race makes the unique index raise 23505,
     * which the application maps to a version conflict too.
     */
    await db.query(`
      CREATE FUNCTION append_events(p_streams text[], p_expected bigint[], p_counts integer[], p_envelopes text[])
      RETURNS TABLE (event_id uuid, stream_id text, stream_version bigint, global_position bigint, already_stored boolean)
      LANGUAGE plpgsql AS $$
      #variable_conflict use_column
      DECLARE
        v_n integer := cardinality(p_envelopes);
        v_json jsonb[] := p_envelopes::jsonb[];
        v_stream text[] := array_fill(NULL::text, ARRAY[v_n]);
        v_version bigint[] := array_fill(NULL::bigint, ARRAY[v_n]);
        v_prev_hash bytea[] := array_fill(NULL::bytea, ARRAY[v_n]);
        v_hash bytea[] := array_fill(NULL::bytea, ARRAY[v_n]);
        v_head bigint;
        v_prev bytea;
        v_k integer := 0;
        v_inserted integer;
      BEGIN
        FOR i IN 1 .. cardinality(p_streams) LOOP
          SELECT ev.stream_version, ev.hash INTO v_head, v_prev
            FROM events ev WHERE ev.stream_id = p_streams[i] ORDER BY ev.stream_version DESC LIMIT 1;
          IF NOT FOUND THEN
            v_head := 0;
            v_prev := '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
          END IF;
          IF p_expected[i] IS NOT NULL AND p_expected[i] <> v_head THEN
            IF append_events_all_stored(v_json) THEN
              RETURN QUERY SELECT * FROM append_events_stored(v_json);
              RETURN;
            END IF;
            RAISE EXCEPTION 'version conflict on stream %', p_streams[i]
              USING ERRCODE = 'ES409', DETAIL = json_build_object('streamId', p_streams[i], 'actual', v_head)::text;
          END IF;
          FOR j IN 1 .. p_counts[i] LOOP
            v_k := v_k + 1;
            v_head := v_head + 1;
            v_stream[v_k] := p_streams[i];
            v_version[v_k] := v_head;
            v_prev_hash[v_k] := v_prev;
            v_prev := event_chain_hash(v_prev, p_streams[i], v_head, p_envelopes[v_k]);
            v_hash[v_k] := v_prev;
          END LOOP;
        END LOOP;

        RETURN QUERY
          WITH inserted AS (
            INSERT INTO events AS ev (event_id, stream_id, stream_version, type, schema_version, data, metadata,
                                      recorded_at, prev_hash, hash)
            SELECT (x.env ->> 'eventId')::uuid, x.stream, x.version, x.env ->> 'type',
                   (x.env ->> 'schemaVersion')::integer, x.env -> 'data', x.env -> 'metadata',
                   (x.env ->> 'recordedAt')::timestamptz, x.prev, x.hash
              FROM unnest(v_stream, v_version, v_json, v_prev_hash, v_hash) WITH ORDINALITY
                   AS x(stream, version, env, prev, hash, ord)
             ORDER BY x.ord
            ON CONFLICT (event_id) DO NOTHING
            RETURNING ev.event_id, ev.stream_id, ev.stream_version, ev.global_position)
          SELECT i.event_id, i.stream_id, i.stream_version, i.global_position, false FROM inserted i;
        GET DIAGNOSTICS v_inserted = ROW_COUNT;
        IF v_inserted = v_n THEN
          RETURN;
        ELSIF v_inserted = 0 AND append_events_all_stored(v_json) THEN
          RETURN QUERY SELECT * FROM append_events_stored(v_json);
        ELSE
          RAISE EXCEPTION 'some of these event ids are already stored, some are not' USING ERRCODE = 'ES400';
        END IF;
      END $$`);
    /*
     * The common case — one event to one stream — in one statement. With an expected version n the new event is
     * version n + 1: the unique index rejects it when the stream is past n, and the read of version n (needed
     * anyway for its hash) finds nothing when the stream is short of n, so no head lookup is needed; a new
     * stream (n = 0) chains to the genesis hash without reading at all. Only `any` looks the head up. Same
     * contract as append_events(): ES409 on a version mismatch, the stored row with already_stored = true for
     * a retry; a retry that races its original surfaces as 23505 on the event id, which the application turns
     * into the stored result.
     */
    await db.query(`
      CREATE FUNCTION append_event(p_stream text, p_expected bigint, p_envelope text)
      RETURNS TABLE (event_id uuid, stream_id text, stream_version bigint, global_position bigint, already_stored boolean)
      LANGUAGE plpgsql AS $$
      #variable_conflict use_column
      DECLARE
        v_after bigint := p_expected;
        v_actual bigint;
      BEGIN
        IF v_after IS NULL THEN
          SELECT coalesce(max(ev.stream_version), 0) INTO v_after FROM events ev WHERE ev.stream_id = p_stream;
        END IF;
        RETURN QUERY
          WITH prev AS (
            SELECT ev.hash FROM events ev WHERE ev.stream_id = p_stream AND ev.stream_version = v_after
            UNION ALL
            SELECT '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea WHERE v_after = 0
          ), inserted AS (
            INSERT INTO events AS ev (event_id, stream_id, stream_version, type, schema_version, data, metadata,
                                      recorded_at, prev_hash, hash)
            SELECT (x.env ->> 'eventId')::uuid, p_stream, v_after + 1, x.env ->> 'type',
                   (x.env ->> 'schemaVersion')::integer, x.env -> 'data', x.env -> 'metadata',
                   (x.env ->> 'recordedAt')::timestamptz, prev.hash,
                   event_chain_hash(prev.hash, p_stream, v_after + 1, p_envelope)
              FROM prev, (SELECT p_envelope::jsonb AS env) x
            RETURNING ev.event_id, ev.stream_id, ev.stream_version, ev.global_position)
          SELECT i.event_id, i.stream_id, i.stream_version, i.global_position, false FROM inserted i;
        IF FOUND THEN
          RETURN;
        END IF;
        RETURN QUERY SELECT * FROM append_events_stored(ARRAY[p_envelope::jsonb]);
        IF FOUND THEN
          RETURN;
        END IF;
        SELECT coalesce(max(ev.stream_version), 0) INTO v_actual FROM events ev WHERE ev.stream_id = p_stream;
        RAISE EXCEPTION 'version conflict on stream %', p_stream
          USING ERRCODE = 'ES409', DETAIL = json_build_object('streamId', p_stream, 'actual', v_actual)::text;
      END $$`);
    await db.query(`
      CREATE FUNCTION append_events_all_stored(p_envelopes jsonb[]) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT count(*) = cardinality(p_envelopes) FROM events
         WHERE event_id IN (SELECT (e ->> 'eventId')::uuid FROM unnest(p_envelopes) AS e)
      $$`);
    await db.query(`
      CREATE FUNCTION append_events_stored(p_envelopes jsonb[])
      RETURNS TABLE (event_id uuid, stream_id text, stream_version bigint, global_position bigint, already_stored boolean)
      LANGUAGE sql STABLE AS $$
        SELECT ev.event_id, ev.stream_id, ev.stream_version, ev.global_position, true FROM events ev
         WHERE ev.event_id IN (SELECT (e ->> 'eventId')::uuid FROM unnest(p_envelopes) AS e)
         ORDER BY ev.global_position
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION append_event(text, bigint, text)`);
    await db.query(`DROP FUNCTION append_events(text[], bigint[], integer[], text[])`);
    await db.query(`DROP FUNCTION append_events_stored(jsonb[])`);
    await db.query(`DROP FUNCTION append_events_all_stored(jsonb[])`);
    await db.query(`DROP FUNCTION event_chain_hash(bytea, text, bigint, text)`);
    await db.query(`DROP TABLE events`);
    await db.query(`DROP FUNCTION events_reject_change()`);
  }
}
