import {
  OperationPower,
  OperationPowerInput,
  operationPowerOn,
  PowerEvent,
  powerStreamId,
  RecordedPowerEvent,
} from '@app/domain';
import { EventLogReader, RecordedEvent } from '@app/event-store/reading';
import { MicroBatcher } from '@app/platform';

const toPowerEvent = (event: RecordedEvent): RecordedPowerEvent => ({
  event: { type: event.type, data: event.data } as PowerEvent,
  recordedAt: event.recordedAt,
  version: event.streamVersion,
});

/**
 * Resolves powers for registrations from each power's own stream rather than the catalogue projection: the stream is
 * authoritative the moment a grant or change is appended (a registration right after a grant must not be refused
 * because a projection lags), and a power's stream is a handful of events, one indexed read. Concurrent
 * registrations share reads: each read starts after every registration it serves arrived, so none of them misses a
 * change committed before it asked.
 */
export class OperationPowers {
  private readonly reads: MicroBatcher<string, RecordedPowerEvent[]>;

  constructor(private readonly store: EventLogReader) {
    this.reads = new MicroBatcher(
      async (codes) => {
        const histories = await this.history(codes);
        return codes.map((code) => ({ status: 'fulfilled', value: histories.get(code)! }));
      },
      { maxBatch: 1000, concurrency: 4 },
    );
  }

  /** The events of each distinct code, read concurrently: the items of a batch share few powers. */
  async history(codes: Iterable<string>): Promise<Map<string, RecordedPowerEvent[]>> {
    const distinct = [...new Set(codes)];
    const histories = await Promise.all(distinct.map((code) => this.store.readStream(powerStreamId(code))));
    return new Map(distinct.map((code, i) => [code, histories[i].map(toPowerEvent)]));
  }

  async on(code: string, acceptedAt: string): Promise<OperationPowerInput> {
    return operationPowerOn(code, await this.reads.submit(code), acceptedAt);
  }
}

/** Who reads an operation's power, as far as its classification matters. */
export type PowerReader = { kind: 'all' } | { kind: 'department'; department: string } | { kind: 'masked' };

/**
 * The power an operation froze, as `reader` may see it. A classified power's content (name, category, limits,
 * bands, version) is for its own department and the supervising roles only (docs/domain.md): to anyone else, a department
 * that registered on it or an admin, it is a code not in force for them and nothing more. Registrations recorded
 * before the classification was frozen with them do not say; to be safe, their powers are shown only to the
 * department holding them and to the supervising roles.
 */
export function powerShownTo(power: OperationPower, reader: PowerReader): OperationPower {
  if (reader.kind === 'all' || power.classified === false) return power;
  if (reader.kind === 'department' && power.ownerDepartment === reader.department) return power;
  // To a department reading it, another department's classified power looks exactly like a code the catalogue does
  // not hold: whether it exists is not theirs to learn (the registration itself keeps the true reason).
  const notInForceReason = reader.kind === 'department' ? 'not-in-catalogue' : power.notInForceReason;
  return { code: power.code, inForce: power.inForce, ...(notInForceReason ? { notInForceReason } : {}) };
}
