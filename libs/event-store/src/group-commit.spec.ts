import { AppendRequest, AppendResult, EventStore } from './event-store.port';
import { VersionConflictError } from './event-store.errors';
import { GroupCommit } from './group-commit';

const request = (streamId: string): AppendRequest => ({
  streamId,
  expectedVersion: 'no-stream',
  events: [{ eventId: `${streamId}-event`, type: 'OperationRegistered', data: {} }],
});

/** A store whose appendMany fails as a whole when it names a stream in `taken`, as the PostgreSQL store does. */
function fakeStore(taken: string[]) {
  const calls: string[][] = [];
  let position = 0;
  const store = {
    appendMany: (requests: AppendRequest[]): Promise<AppendResult[]> => {
      calls.push(requests.map((r) => r.streamId));
      const conflict = requests.find((r) => taken.includes(r.streamId));
      if (conflict) return Promise.reject(new VersionConflictError(conflict.streamId, 'no-stream', 1));
      return Promise.resolve(
        requests.map((r) => {
          position += 1;
          return {
            streamId: r.streamId,
            version: 1,
            position,
            events: [{ eventId: r.events[0].eventId, streamVersion: 1, globalPosition: position }],
            duplicate: false,
          };
        }),
      );
    },
  } as unknown as EventStore;
  return { store, calls };
}

describe('GroupCommit', () => {
  it('appends concurrent requests in one call', async () => {
    const { store, calls } = fakeStore([]);
    const appends = new GroupCommit(store);
    const results = await Promise.all(['a', 'b', 'c'].map((id) => appends.append(request(id))));
    expect(calls).toEqual([['a', 'b', 'c']]);
    expect(results.map((r) => [r.streamId, r.position])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('appends each request of a failed group alone, so only the culprit fails', async () => {
    const { store, calls } = fakeStore(['b']);
    const appends = new GroupCommit(store);
    const outcomes = await Promise.allSettled(['a', 'b', 'c'].map((id) => appends.append(request(id))));
    expect(calls).toEqual([['a', 'b', 'c'], ['a'], ['b'], ['c']]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(VersionConflictError);
  });

  it('names a stream once per call: a second request for it goes in a later round', async () => {
    const { store, calls } = fakeStore([]);
    const appends = new GroupCommit(store);
    await Promise.all(['a', 'b', 'a', 'a'].map((id) => appends.append(request(id))));
    expect(calls).toEqual([['a', 'b'], ['a'], ['a']]);
  });
});
