import { MigrationInterface, QueryRunner } from 'typeorm';

type PayloadType = 'json' | 'jsonb';

/**
 * append_events() and append_event() (1764300000000) with the envelope parsed as the payload columns' type. As json,
 * `envelope -> 'data'` is the very text of the canonical envelope that was hashed; as jsonb, it is re-printed from
 * jsonb's binary form. The helpers that look up stored event ids keep taking jsonb[]: they run only on the slow path.
 */
function appendFunctions(type: PayloadType): string[] {
  return [
    `CREATE OR REPLACE FUNCTION append_events(p_streams text[], p_expected bigint[], p_counts integer[],
                                              p_envelopes text[])
      RETURNS TABLE (event_id uuid, stream_id text, stream_version bigint, global_position bigint, already_stored boolean)
      LANGUAGE plpgsql AS $$
      #variable_conflict use_column
      DECLARE
        v_n integer := cardinality(p_envelopes);
        v_env ${type}[] := p_envelopes::${type}[];
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
            IF append_events_all_stored(p_envelopes::jsonb[]) THEN
              RETURN QUERY SELECT * FROM append_events_stored(p_envelopes::jsonb[]);
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
              FROM unnest(v_stream, v_version, v_env, v_prev_hash, v_hash) WITH ORDINALITY
                   AS x(stream, version, env, prev, hash, ord)
             ORDER BY x.ord
            ON CONFLICT (event_id) DO NOTHING
            RETURNING ev.event_id, ev.stream_id, ev.stream_version, ev.global_position)
          SELECT i.event_id, i.stream_id, i.stream_version, i.global_position, false FROM inserted i;
        GET DIAGNOSTICS v_inserted = ROW_COUNT;
        IF v_inserted = v_n THEN
          RETURN;
        ELSIF v_inserted = 0 AND append_events_all_stored(p_envelopes::jsonb[]) THEN
          RETURN QUERY SELECT * FROM append_events_stored(p_envelopes::jsonb[]);
        ELSE
          RAISE EXCEPTION 'some of these event ids are already stored, some are not' USING ERRCODE = 'ES400';
        END IF;
      END $$`,
    `CREATE OR REPLACE FUNCTION append_event(p_stream text, p_expected bigint, p_envelope text)
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
              FROM prev, (SELECT p_envelope::${type} AS env) x
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
      END $$`,
  ];
}

/**
 * An event's data and metadata are stored as json: the exact canonical text that its hash covers, byte for byte.
 * Nothing queries inside them at scale (a few reads pick one field with `->>`, which json has too), while jsonb
 * parsed every payload into its binary form on append and printed it back on every read of the log: about 40% of
 * the cost of inserting a registration. Existing rows are converted in place; their hashes still verify, since the
 * chain covers the canonical form, which does not depend on how the text is spaced or its keys ordered.
 */
export class EventPayloadAsJson1764500200000 implements MigrationInterface {
  name = 'EventPayloadAsJson1764500200000';

  async up(db: QueryRunner): Promise<void> {
    await this.convert(db, 'json');
  }

  async down(db: QueryRunner): Promise<void> {
    await this.convert(db, 'jsonb');
  }

  private async convert(db: QueryRunner, type: PayloadType): Promise<void> {
    await db.query(
      `ALTER TABLE events ALTER COLUMN data TYPE ${type} USING data::${type},
                          ALTER COLUMN metadata TYPE ${type} USING metadata::${type}`,
    );
    for (const statement of appendFunctions(type)) await db.query(statement);
  }
}
