import { AppendRequest, AppendResult, EventStore } from './event-store.port';
import { MicroBatcher } from '@app/platform';

/** One append request per new stream; how many go out together and how many such appends run at once. */
const MAX_STREAMS_PER_APPEND = 256;
const CONCURRENT_APPENDS = 8;

/**
 * Group commit for appends that start new streams (handleCommand's `newStream` option; registrations): appends that
 * arrive while earlier ones are in flight are appended together, in one statement and one transaction, instead of one commit each; at most CONCURRENT_APPENDS appends run
 * at once. Each request still gets its own result: when a group fails (one of its streams exists already, one of its
 * event ids is stored elsewhere), its requests are appended one by one, so that only the culprit fails and a retry
 * among them gets its stored result. A stream named twice in a group (concurrent retries of one request) goes
 * out in a later round.
 */
export class GroupCommit {
  private readonly batcher: MicroBatcher<AppendRequest, AppendResult>;

  constructor(private readonly store: EventStore) {
    this.batcher = new MicroBatcher((requests) => this.appendGroup(requests), {
      maxBatch: MAX_STREAMS_PER_APPEND,
      concurrency: CONCURRENT_APPENDS,
    });
  }

  append(request: AppendRequest): Promise<AppendResult> {
    return this.batcher.submit(request);
  }

  private async appendGroup(requests: AppendRequest[]): Promise<PromiseSettledResult<AppendResult>[]> {
    const outcomes = new Array<PromiseSettledResult<AppendResult>>(requests.length);
    for (const round of roundsOfDistinctStreams(requests)) {
      const settled = await this.appendRound(round.map((i) => requests[i]));
      round.forEach((index, i) => (outcomes[index] = settled[i]));
    }
    return outcomes;
  }

  private async appendRound(requests: AppendRequest[]): Promise<PromiseSettledResult<AppendResult>[]> {
    try {
      const results = await this.store.appendMany(requests);
      return results.map((value) => ({ status: 'fulfilled', value }));
    } catch (error) {
      if (requests.length === 1) return [{ status: 'rejected', reason: error }];
      return Promise.allSettled(requests.map(async (request) => (await this.store.appendMany([request]))[0]));
    }
  }
}

/** Indexes of the requests in rounds, each naming a stream at most once, in submission order. */
function roundsOfDistinctStreams(requests: AppendRequest[]): number[][] {
  const rounds: { streams: Set<string>; indexes: number[] }[] = [];
  requests.forEach((request, index) => {
    let round = rounds.find((r) => !r.streams.has(request.streamId));
    if (!round) rounds.push((round = { streams: new Set(), indexes: [] }));
    round.streams.add(request.streamId);
    round.indexes.push(index);
  });
  return rounds.map((r) => r.indexes);
}
