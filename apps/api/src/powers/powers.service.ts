import { Inject, Injectable } from '@nestjs/common';
import {
  departmentErrors,
  fold,
  PowerCommand,
  powerDecider,
  powerErrors,
  PowerEvent,
  powerOwnerOn,
  powerStreamId,
  shanghaiDate,
  catalogueViewerOf,
} from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { DEPARTMENT_DIRECTORY, DepartmentDirectory, Principal } from '@app/access';
import { actorOf } from '../auth/actor-of';
import { ReadYourWrites } from '../http/read-your-writes';
import { CATALOGUE_PROJECTION, CatalogueQueries, ProposalViewer } from '@app/read-models';
import { WriteContext } from '../http/write-context';
import { handleIdempotently } from '../idempotency/handle-idempotently';
import { ListPowersQuery } from './list-powers.request.dto';
import { ListProposalsQuery } from './list-proposals.request.dto';
import { PowerViewQuery } from './power-view.request.dto';
import {
  PowerPageResponse,
  PowerResponse,
  PowerTimelineResponse,
  PowerWrittenResponse,
  ProposalPageResponse,
} from './power.response.dto';
import { timelineItem, writtenResponse } from './power.mapping';
import {
  ApprovePowerProposalRequest,
  CancelPowerRequest,
  ChangePowerRequest,
  GrantPowerRequest,
  PublishPowerRequest,
  RejectPowerProposalRequest,
  TransferPowerRequest,
} from '@app/contracts';

/** A command without the context every power command carries, which the service adds. */
type Bare<C> = C extends PowerCommand ? Omit<C, 'actor' | 'recordedAt' | 'today'> : never;

/** Reviewers and the supervising roles read every proposal; a department the ones it made. */
function proposalViewerOf(principal: Principal): ProposalViewer {
  return principal.role === 'department'
    ? { kind: 'department', department: principal.department ?? '' }
    : { kind: 'all' };
}

/** Proposals are numbered by the stream version they were recorded at; anything else names no proposal. */
function proposalIdOf(code: string, proposalId: string): number {
  if (!/^[1-9]\d{0,8}$/.test(proposalId)) throw powerErrors.proposalNotFound(code, proposalId);
  return Number(proposalId);
}

/** Only what the log needs to know of the caller. */

/**
 * The powers feature: commands go through the power decider via handleCommand on `power-<code>` (the department
 * checks need the department directory, which the decider cannot see); reads come from the catalogue read model,
 * the timeline from the event store itself.
 */
@Injectable()
export class PowersService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly catalogue: CatalogueQueries,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(DEPARTMENT_DIRECTORY) private readonly departments: DepartmentDirectory,
  ) {}

  async grant(request: GrantPowerRequest, context: WriteContext): Promise<PowerWrittenResponse> {
    await this.requireDepartment(request.department, 'department');
    return this.write(request.code, { type: 'GrantPower', ...request }, context);
  }

  change(code: string, request: ChangePowerRequest, context: WriteContext): Promise<PowerWrittenResponse> {
    // The DTO declares every changeable field; only those the caller sent are changes.
    const changes = Object.fromEntries(Object.entries(request.changes).filter(([, value]) => value !== undefined));
    return this.write(code, { type: 'ChangePower', code, ...request, changes }, context);
  }

  async transfer(code: string, request: TransferPowerRequest, context: WriteContext): Promise<PowerWrittenResponse> {
    await this.requireDepartment(request.toDepartment, 'toDepartment');
    return this.write(code, { type: 'TransferPower', code, ...request }, context);
  }

  cancel(code: string, request: CancelPowerRequest, context: WriteContext): Promise<PowerWrittenResponse> {
    return this.write(code, { type: 'CancelPower', code, ...request }, context);
  }

  publish(code: string, request: PublishPowerRequest, context: WriteContext): Promise<PowerWrittenResponse> {
    return this.write(code, { type: 'PublishPower', code, ...request }, context);
  }

  approve(
    code: string,
    proposalId: string,
    request: ApprovePowerProposalRequest,
    context: WriteContext,
  ): Promise<PowerWrittenResponse> {
    const id = proposalIdOf(code, proposalId);
    return this.write(code, { type: 'ApprovePowerProposal', code, proposalId: id, ...request }, context);
  }

  reject(
    code: string,
    proposalId: string,
    request: RejectPowerProposalRequest,
    context: WriteContext,
  ): Promise<PowerWrittenResponse> {
    const id = proposalIdOf(code, proposalId);
    return this.write(code, { type: 'RejectPowerProposal', code, proposalId: id, ...request }, context);
  }

  async proposals(query: ListProposalsQuery, principal: Principal): Promise<ProposalPageResponse> {
    await this.awaitPosition(query.minPosition);
    const { status, department, code, knownAt, limit, cursor } = query;
    return this.catalogue.proposals(
      proposalViewerOf(principal),
      { status, department, code },
      { knownAt },
      { limit, cursor },
    );
  }

  async list(query: ListPowersQuery, principal: Principal | undefined): Promise<PowerPageResponse> {
    await this.awaitPosition(query.minPosition);
    const { department, category, status, important, q, asOf, knownAt, limit, cursor } = query;
    return this.catalogue.list(
      catalogueViewerOf(principal),
      { department, category, status, important, q },
      { asOf, knownAt },
      { limit, cursor },
      new Date(),
    );
  }

  async get(code: string, query: PowerViewQuery, principal: Principal | undefined): Promise<PowerResponse> {
    await this.awaitPosition(query.minPosition);
    return this.catalogue.get(
      code,
      catalogueViewerOf(principal),
      { asOf: query.asOf, knownAt: query.knownAt },
      new Date(),
    );
  }

  /**
   * Every event of the power, from the store: facts, publications, proposals and their review. A department may
   * read the timeline of a power it holds or once held, or has proposed about: its own past facts are part of what
   * it answers for.
   */
  async timeline(code: string, principal: Principal): Promise<PowerTimelineResponse> {
    const streamId = powerStreamId(code);
    const events = await this.store.readStream(streamId);
    const state = fold(
      powerDecider,
      events.map((e) => ({ type: e.type, data: e.data }) as PowerEvent),
    );
    if (state.status === 'absent' && state.proposals.length === 0) throw powerErrors.notFound(code);
    if (principal.role === 'department') {
      const held = state.status !== 'absent' && state.owners.some((o) => o.department === principal.department);
      if (!held && !state.proposals.some((p) => p.department === principal.department)) {
        const owner =
          state.status === 'absent' ? state.proposals[0].department : powerOwnerOn(state, this.today(new Date()));
        throw powerErrors.forbiddenDepartment(principal.department, owner);
      }
    }
    return { streamId, items: events.map(timelineItem) };
  }

  private async write(code: string, command: Bare<PowerCommand>, context: WriteContext) {
    const now = new Date();
    const recordedAt = now.toISOString();
    const full: PowerCommand = { ...command, actor: actorOf(context.actor), recordedAt, today: this.today(now) };
    const written = await handleIdempotently(this.store, powerDecider, powerStreamId(code), full, {
      scope: context.scope,
      expectedVersion: context.expectedVersion,
      metadata: { actor: actorOf(context.actor), correlationId: context.correlationId },
    });
    return writtenResponse(code, written);
  }

  private async requireDepartment(code: string, field: string): Promise<void> {
    if (!(await this.departments.exists(code))) throw departmentErrors.notFound(code, field);
  }

  private async awaitPosition(minPosition: number | undefined): Promise<void> {
    await this.readYourWrites.reach(CATALOGUE_PROJECTION, minPosition);
  }

  private today(now: Date): string {
    return shanghaiDate(now.toISOString());
  }
}
