import {
  disclosedEvents,
  isPowerLifecycleEvent,
  POWER_EVENT_TYPES,
  PowerEvent,
  PowerLifecycleEvent,
  RecordedPowerEvent,
} from '@app/domain';
import { RecordedEvent } from '@app/event-store/reading';
import { EntityManager } from 'typeorm';
import { Projection } from '@app/projector';
import { catalogueTimeline, CatalogueSegment } from './catalogue-timeline';

export const CATALOGUE_PROJECTION = 'power-catalogue';

/** The catalogue as everyone with a key sees it (classified items filtered on read), and as the public does. */
const VERSION_TABLES = { full: 'catalogue_power_versions', public: 'catalogue_public_versions' } as const;
type VersionTable = (typeof VERSION_TABLES)[keyof typeof VERSION_TABLES];

interface StoredEventRow {
  version: number;
  type: string;
  data: PowerEvent['data'];
  recorded_at: Date;
}

function legalBasisText(segment: CatalogueSegment): string {
  return segment.view.attributes.legalBasis
    .map((basis) => [basis.title, basis.article, basis.text].filter(Boolean).join(' '))
    .join('\n');
}

/** Whether a proposed fact would leave the power classified: its content is then for few eyes only. */
function classifies(fact: PowerLifecycleEvent): boolean {
  if (fact.type === 'PowerGranted') return fact.data.attributes.classification.classified;
  return fact.type === 'PowerChanged' && fact.data.changes.classification?.classified === true;
}

/**
 * The bitemporal power catalogue. An event of power P recorded at T recomputes P's effective timeline from every
 * event of P known at T, closes the rows that were current (recorded_to = T) and inserts the new timeline
 * (recorded_from = T). So a change recorded today with an effective date last year alters what `asOf` last year
 * answers from today on, while what the catalogue said yesterday (`knownAt`) stays as it was. The public timeline is
 * recomputed the same way from the disclosed events, whenever these change. Proposals change neither (only
 * approved facts count); they are kept with their review in catalogue_power_proposals.
 */
export class CatalogueProjection implements Projection {
  readonly name = CATALOGUE_PROJECTION;
  readonly handles: readonly string[] = POWER_EVENT_TYPES;

  async apply(tx: EntityManager, events: RecordedEvent[]): Promise<void> {
    for (const event of events) await this.applyOne(tx, event);
  }

  async reset(tx: EntityManager): Promise<void> {
    await tx.query(
      'TRUNCATE catalogue_power_versions, catalogue_public_versions, catalogue_power_events, catalogue_power_proposals',
    );
  }

  private async applyOne(tx: EntityManager, event: RecordedEvent): Promise<void> {
    const { code } = event.data as PowerEvent['data'];
    await tx.query(
      `INSERT INTO catalogue_power_events (code, version, event_id, global_position, type, data, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [code, event.streamVersion, event.eventId, event.globalPosition, event.type, event.data, event.recordedAt],
    );
    await this.review(tx, event);
    const rows = await tx.query<StoredEventRow[]>(
      'SELECT version, type, data, recorded_at FROM catalogue_power_events WHERE code = $1 ORDER BY version',
      [code],
    );
    const known: RecordedPowerEvent[] = rows.map((row) => ({
      event: { type: row.type, data: row.data } as PowerEvent,
      recordedAt: row.recorded_at.toISOString(),
      version: row.version,
    }));

    // Recording times of one stream come from the appending processes' clocks; should one run behind, the new rows
    // start where the current ones did, and current rows that would then cover no time at all are dropped.
    const [{ since }] = await tx.query<{ since: Date | null }[]>(
      'SELECT max(recorded_from) AS since FROM catalogue_power_versions WHERE code = $1 AND recorded_to IS NULL',
      [code],
    );
    const recordedAt = since && since >= new Date(event.recordedAt) ? since : new Date(event.recordedAt);
    await this.replace(tx, VERSION_TABLES.full, code, recordedAt, catalogueTimeline(known));

    const disclosed = disclosedEvents(known);
    const disclosedBefore = disclosedEvents(known.filter((e) => e.version !== event.streamVersion));
    if (disclosed.length !== disclosedBefore.length) {
      await this.replace(tx, VERSION_TABLES.public, code, recordedAt, catalogueTimeline(disclosed));
    }
  }

  /** Keeps the review of proposals: a proposal, its rejection, or the fact its approval recorded. */
  private async review(tx: EntityManager, recorded: RecordedEvent): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as PowerEvent;
    const by = recorded.metadata.actor ?? null;
    if (event.type === 'PowerProposed') {
      const { code, proposalId, department, fact } = event.data;
      await tx.query(
        `INSERT INTO catalogue_power_proposals (code, proposal_id, global_position, department, fact, classified,
           proposed_at, proposed_by, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending')`,
        [code, proposalId, recorded.globalPosition, department, fact, classifies(fact), recorded.recordedAt, by],
      );
    } else if (event.type === 'PowerProposalRejected') {
      await tx.query(
        `UPDATE catalogue_power_proposals SET status = 'rejected', decided_at = $3, decided_by = $4, reasons = $5
          WHERE code = $1 AND proposal_id = $2`,
        [event.data.code, event.data.proposalId, recorded.recordedAt, by, JSON.stringify(event.data.reasons)],
      );
    } else if (isPowerLifecycleEvent(event) && event.data.proposalId !== undefined) {
      await tx.query(
        `UPDATE catalogue_power_proposals
            SET status = 'approved', decided_at = $3, decided_by = $4, fact_version = $5, approval = $6
          WHERE code = $1 AND proposal_id = $2`,
        [event.data.code, event.data.proposalId, recorded.recordedAt, by, recorded.streamVersion, event.data.approval],
      );
    }
  }

  /** Closes the power's current rows in `table` at `recordedAt` and inserts `segments` from then on. */
  private async replace(
    tx: EntityManager,
    table: VersionTable,
    code: string,
    recordedAt: Date,
    segments: CatalogueSegment[],
  ): Promise<void> {
    await tx.query(`DELETE FROM ${table} WHERE code = $1 AND recorded_to IS NULL AND recorded_from >= $2`, [
      code,
      recordedAt,
    ]);
    await tx.query(`UPDATE ${table} SET recorded_to = $2 WHERE code = $1 AND recorded_to IS NULL`, [code, recordedAt]);
    if (segments.length === 0) return;
    const column = <T>(pick: (segment: CatalogueSegment) => T): T[] => segments.map(pick);
    await tx.query(
      `INSERT INTO ${table} (code, recorded_from, valid_from, valid_to, version, status, department,
         category, name, important, classified, legal_basis_text, effective_from, published_ever, last_published_on,
         publication, warnings, attributes)
       SELECT $1::text, $2::timestamptz, * FROM unnest($3::date[], $4::date[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[],
         $10::boolean[], $11::boolean[], $12::text[], $13::date[], $14::boolean[], $15::date[], $16::jsonb[],
         $17::jsonb[], $18::jsonb[])`,
      [
        code,
        recordedAt,
        column((s) => s.validFrom),
        column((s) => s.validTo),
        column((s) => s.view.version),
        column((s) => s.view.status),
        column((s) => s.view.department),
        column((s) => s.view.attributes.category),
        column((s) => s.view.attributes.name),
        column((s) => s.view.attributes.important),
        column((s) => s.view.attributes.classification.classified),
        column(legalBasisText),
        column((s) => s.view.effectiveFrom),
        column((s) => s.publishedEver),
        column((s) => s.view.lastPublishedOn),
        column((s) => (s.view.publication ? JSON.stringify(s.view.publication) : null)),
        column((s) => JSON.stringify(s.view.warnings)),
        column((s) => JSON.stringify(s.view.attributes)),
      ],
    );
  }
}
