import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  drawSample,
  inspectionErrors,
  InspectionSample,
  InspectionState,
  populationSha256,
  SAMPLING_ALGORITHM,
  SAMPLING_ALGORITHM_VERSION,
  seedFromLog,
} from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { Principal } from '@app/access';
import { ReadYourWrites } from '../http/read-your-writes';
import { OPERATIONS_PROJECTION, SupervisionRecordsQueries } from '@app/read-models';

import { WriteContext } from '../http/write-context';
import { RecordWrittenResponse } from './supervision-office.response.dto';
import { SupervisionOfficeCommands } from './supervision-office.commands';
import { SupervisionOfficeReader } from './supervision-office.reader';

export interface SampleVerification {
  matches: boolean;
  seedMatches: boolean;
  recorded: InspectionSample;
  redrawn: { populationSize: number; populationSha256: string; seed: string; operationIds: string[] };
}

/**
 * An inspection's sample: drawn from the operations in scope at a position of the log, with a seed the log fixes,
 * and drawn again from the log by anyone who wants to check it.
 */
@Injectable()
export class InspectionSamples {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commands: SupervisionOfficeCommands,
    private readonly reader: SupervisionOfficeReader,
    private readonly queries: SupervisionRecordsQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /** Draws the inspection's sample from the operations in scope at a position of the log, and records it. */
  async draw(
    inspectionId: string,
    request: { size: number; atPosition?: number; seed?: string },
    context: WriteContext,
  ): Promise<RecordWrittenResponse> {
    const state = await this.reader.state('inspection', inspectionId);
    if (state.sample !== undefined) throw inspectionErrors.sampled(inspectionId);
    const head = (await this.store.head()).position;
    const atPosition = request.atPosition ?? head;
    if (atPosition > head || atPosition < 1) {
      throw new DomainError('POSITION_BEYOND_LOG', 'rule', `Position ${atPosition} is not in the log (head ${head})`, {
        atPosition,
        head,
      });
    }
    const seed = request.seed ?? (await this.seedFromLog(atPosition));
    const population = await this.population(state, atPosition);
    const sample: InspectionSample = {
      atPosition,
      seed,
      seedSource: request.seed === undefined ? 'log' : 'given',
      algorithm: SAMPLING_ALGORITHM,
      algorithmVersion: SAMPLING_ALGORITHM_VERSION,
      size: request.size,
      populationSize: population.length,
      populationSha256: populationSha256(population),
      operationIds: drawSample(population, seed, request.size),
    };
    return this.commands.write('inspection', inspectionId, { type: 'RecordSample', inspectionId, sample }, context);
  }

  /** Draws the recorded sample again from the log and says whether it is the same. */
  async verify(inspectionId: string, principal: Principal): Promise<SampleVerification> {
    const state = await this.reader.read('inspection', inspectionId, principal);
    const recorded = state.sample;
    if (recorded === undefined) {
      throw new DomainError('NO_SAMPLE', 'rule', `Inspection ${inspectionId} has no sample yet`, { inspectionId });
    }
    if (recorded.algorithm !== SAMPLING_ALGORITHM || recorded.algorithmVersion !== SAMPLING_ALGORITHM_VERSION) {
      throw new DomainError('UNKNOWN_SAMPLING_ALGORITHM', 'rule', `No implementation of ${recorded.algorithm}`, {
        algorithm: recorded.algorithm,
        algorithmVersion: recorded.algorithmVersion,
      });
    }
    const seed = recorded.seedSource === 'log' ? await this.seedFromLog(recorded.atPosition) : recorded.seed;
    const population = await this.population(state, recorded.atPosition);
    const redrawn = {
      populationSize: population.length,
      populationSha256: populationSha256(population),
      seed,
      operationIds: drawSample(population, recorded.seed, recorded.size),
    };
    const seedMatches = seed === recorded.seed;
    const matches =
      seedMatches &&
      redrawn.populationSha256 === recorded.populationSha256 &&
      JSON.stringify(redrawn.operationIds) === JSON.stringify(recorded.operationIds);
    return { matches, seedMatches, recorded, redrawn };
  }

  private async population(state: InspectionState, atPosition: number): Promise<string[]> {
    await this.readYourWrites.reach(OPERATIONS_PROJECTION, atPosition);
    return this.queries.operationsInScope(state.plan!.scope, atPosition);
  }

  /** SHA-256 of the position and the hash of the event there: unknowable before that event was written. */
  private async seedFromLog(atPosition: number): Promise<string> {
    const checkpoint = await this.store.checkpointOf(atPosition);
    const [event] =
      checkpoint === undefined
        ? []
        : await this.store.readAll({
            after: { transactionId: checkpoint.transactionId, position: atPosition - 1 },
            limit: 1,
          });
    if (event === undefined || event.globalPosition !== atPosition) {
      throw new DomainError('NO_EVENT_AT_POSITION', 'rule', `No event at position ${atPosition}: give a seed`, {
        atPosition,
      });
    }
    return seedFromLog(atPosition, event.hash);
  }
}
