import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import {
  assertComplaintSupportsFindings,
  ComplaintChannel,
  complaintDecider,
  complaintStreamId,
  DomainError,
  shanghaiDate,
} from '@app/domain';
import { EVENT_STORE, EventStore, handleCommand, newEventId } from '@app/event-store';
import { Principal } from '@app/access';
import { Clock } from '@app/platform';
import { CalendarProvider, SupervisionRecordKind } from '@app/read-models';
import { actorOf } from '../auth/actor-of';
import { WriteContext } from '../http/write-context';
import { handleIdempotently, Written } from '../idempotency/handle-idempotently';
import { PublicComplaintRequest } from './complaint.requests.dto';
import { RecordWrittenResponse } from './supervision-office.response.dto';
import {
  CommandOf,
  complaintIdOfTracking,
  KINDS,
  newTrackingCode,
  sha256,
  SOURCES,
  sourceNotFound,
  Step,
} from './supervision-records';
import { SupervisionOfficeReader } from './supervision-office.reader';

/**
 * The supervision office's writes: complaints, inspections, findings and rectification orders. The rules are the
 * deciders'; this adds what one stream cannot know (today's date, the calendar, the configured reply periods, whether
 * a cited source exists) and who writes.
 */
@Injectable()
export class SupervisionOfficeCommands {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reader: SupervisionOfficeReader,
    private readonly calendars: CalendarProvider,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async write<K extends SupervisionRecordKind>(
    kind: K,
    id: string,
    step: Step<CommandOf<K>>,
    context: WriteContext,
  ): Promise<RecordWrittenResponse> {
    const record = KINDS[kind];
    if (!record.pattern.test(id)) throw record.notFound(id);
    const actor = actorOf(context.actor);
    const command = {
      ...step,
      by: actor.id,
      ...(actor.department !== undefined && context.actor.role === 'department'
        ? { byDepartment: actor.department }
        : {}),
      recordedAt: new Date().toISOString(),
    };
    const written: Written = await handleIdempotently(this.store, record.decider, record.streamId(id), command, {
      scope: context.scope,
      expectedVersion: context.expectedVersion,
      metadata: { actor, correlationId: context.correlationId },
    });
    const last = written.events[written.events.length - 1];
    return { streamId: written.streamId, id, version: written.version, position: last.globalPosition, type: last.type };
  }

  /** A department may act only on a record it can see; another department's is 404, as if it did not exist. */
  async assertVisible(kind: SupervisionRecordKind, id: string, principal: Principal): Promise<void> {
    if (principal.role === 'department') await this.reader.read(kind, id, principal);
  }

  /** The reply period of a complaint received by this channel: its own, else the general one (configuration). */
  replyWorkingDays(channel: ComplaintChannel): number {
    for (const pair of this.config.COMPLAINT_REPLY_WORKING_DAYS_BY_CHANNEL.split(',')) {
      const [name, days] = pair.split('=');
      if (name === channel && Number(days) > 0) return Number(days);
    }
    return this.config.COMPLAINT_REPLY_WORKING_DAYS;
  }

  /** The last day of a period of working days, or null while the calendar does not know the year (checked later). */
  async dueOn(from: string, workingDays: number): Promise<string | null> {
    const { calendar } = await this.calendars.current();
    try {
      return calendar.addWorkingDays(from, workingDays);
    } catch (error) {
      if (error instanceof DomainError) return null;
      throw error;
    }
  }

  /** Today in Asia/Shanghai by the product's clock (the one the detectors judge deadlines by). */
  today(): string {
    return shanghaiDate(this.clock.now().toISOString());
  }

  /** A source named by a finding or an order must be on record; a complaint found not substantiated supports none. */
  async assertSource(kind: string, id: string | undefined): Promise<void> {
    if (id === undefined) return;
    const source = SOURCES[kind];
    if (source === undefined) return;
    if (!source.pattern.test(id)) throw sourceNotFound(kind, id);
    if (kind === 'complaint') {
      // One read: the complaint's whole stream says both that it exists and whether it may be a source.
      const state = await this.reader.state('complaint', id).catch((error: unknown) => {
        throw error instanceof DomainError && error.code === 'COMPLAINT_NOT_FOUND' ? sourceNotFound(kind, id) : error;
      });
      assertComplaintSupportsFindings(state);
      return;
    }
    const events = await this.store.readStream(source.streamId(id), { toVersion: 1 });
    if (events.length === 0) throw sourceNotFound(kind, id);
  }

  /** The public form: a complaint whose id derives from the tracking code given back, which is stored nowhere. */
  async receivePublic(
    body: PublicComplaintRequest,
    correlationId: string,
  ): Promise<{ trackingCode: string; position: number }> {
    const trackingCode = newTrackingCode();
    const digest = sha256(trackingCode);
    const complaintId = complaintIdOfTracking(digest);
    const now = new Date().toISOString();
    const actor = { id: 'public', role: 'public' };
    const outcome = await handleCommand(
      this.store,
      complaintDecider,
      complaintStreamId(complaintId),
      {
        type: 'ReceiveComplaint',
        complaintId,
        channel: 'public-form',
        receivedAt: now,
        about: body.about,
        complainant: body.complainant,
        summary: body.summary,
        trackingCodeSha256: digest,
        by: 'public',
        recordedAt: now,
      },
      { metadata: { actor, correlationId }, eventIds: (count) => Array.from({ length: count }, newEventId) },
    );
    return { trackingCode, position: outcome.position ?? 0 };
  }
}
