import { Writable } from 'node:stream';
import { Subject } from 'rxjs';
import { BYTES_PER_TURN, DRAIN_GRACE_MS, EventStreamResponse, sendEventStream } from './event-stream';

/** A response whose client takes each chunk a moment after it is written, or, `reading: false`, never. */
class FakeResponse extends Writable {
  readonly written: Buffer[] = [];
  status: number | undefined;
  socket = { destroyed: false, setNoDelay: () => undefined, setKeepAlive: () => undefined };

  constructor(private readonly reading: boolean) {
    super({ highWaterMark: 1024 });
  }

  writeHead(status: number): this {
    this.status = status;
    return this;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, taken: (error?: Error | null) => void): void {
    this.written.push(chunk);
    // Taken before any timer can run, however busy the machine: the test is of the stream, not of the scheduler.
    if (this.reading) process.nextTick(taken);
  }
}

const LIMIT = 16_384;
const event = (n: number): Buffer => Buffer.from(`id: ${n}\ndata: ${'x'.repeat(4000)}\n\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** After the writes given so far have gone out (they go out in slices, one turn of the event loop each). */
const turn = () => new Promise((resolve) => setImmediate(resolve));

function open(reading: boolean) {
  const response = new FakeResponse(reading);
  const events = new Subject<Buffer>();
  const release = jest.fn();
  sendEventStream(response as unknown as EventStreamResponse, events, LIMIT, release);
  return { response, events, release };
}

describe('sendEventStream', () => {
  it('writes each event as it is given, the same buffer for every stream, and gives its place back at the end', async () => {
    const shared = [event(1), event(2)];
    const streams = [open(true), open(true)];
    for (const e of shared) for (const { events } of streams) events.next(e);
    for (const { events } of streams) events.complete();
    await sleep(10);
    for (const { response, release } of streams) {
      expect(response.status).toBe(200);
      expect(response.written).toHaveLength(2);
      response.written.forEach((chunk, i) => expect(chunk).toBe(shared[i]));
      expect(response.writableFinished).toBe(true);
      expect(release).toHaveBeenCalledTimes(1);
    }
  });

  it('keeps a client that reads through a burst far beyond the limit', async () => {
    const { response, events, release } = open(true);
    let mostWaiting = 0;
    const write = response.write.bind(response) as (chunk: Buffer) => boolean;
    response.write = ((chunk: Buffer) => {
      const accepted = write(chunk);
      mostWaiting = Math.max(mostWaiting, response.writableLength);
      return accepted;
    }) as typeof response.write;
    for (let n = 1; n <= 200; n += 1) events.next(event(n));
    await turn();
    expect(mostWaiting).toBeGreaterThan(LIMIT * 10);
    await sleep(DRAIN_GRACE_MS + 200);
    expect(response.destroyed).toBe(false);
    expect(response.written).toHaveLength(200);
    expect(release).not.toHaveBeenCalled();
    events.complete();
  });

  it('cuts off a client that leaves more than the limit unread for the grace, and gives its place back', async () => {
    const { response, events, release } = open(false);
    const started = Date.now();
    for (let n = 1; n <= 10; n += 1) events.next(event(n));
    expect(response.destroyed).toBe(false);
    while (!response.destroyed && Date.now() - started < DRAIN_GRACE_MS * 5) await sleep(50);
    expect(response.destroyed).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(DRAIN_GRACE_MS - 5);
    expect(release).toHaveBeenCalledTimes(1);
    expect(events.observed).toBe(false);
  });

  it('keeps a client that does not read while less than the limit waits', async () => {
    const { response, events } = open(false);
    events.next(event(1));
    await sleep(DRAIN_GRACE_MS + 200);
    expect(response.destroyed).toBe(false);
    response.destroy();
  });

  it('spreads a burst over turns of the event loop, in order, so that other work runs between the slices', async () => {
    const streams = [open(true), open(true)];
    const perStream = Math.ceil(BYTES_PER_TURN / event(1).length);
    for (let n = 1; n <= perStream; n += 1) for (const { events } of streams) events.next(event(n));
    for (const { events } of streams) events.complete();
    let between = false;
    // Queued after the burst: it runs once the first slice has gone out, before the last one.
    setImmediate(() => (between = streams[1].response.written.length < perStream));
    await turn();
    expect(streams[0].response.written.length + streams[1].response.written.length).toBeLessThan(2 * perStream);
    while (!streams.every(({ response }) => response.writableFinished)) await sleep(5);
    expect(between).toBe(true);
    for (const { response } of streams) {
      expect(response.written.map((chunk) => chunk.subarray(4, 12).toString())).toEqual(
        Array.from({ length: perStream }, (_, i) =>
          event(i + 1)
            .subarray(4, 12)
            .toString(),
        ),
      );
    }
  });

  it('follows nothing for a client that went away before the stream opened', () => {
    const response = new FakeResponse(true);
    response.socket.destroyed = true;
    const events = new Subject<Buffer>();
    const release = jest.fn();
    sendEventStream(response as unknown as EventStreamResponse, events, LIMIT, release);
    expect(events.observed).toBe(false);
    expect(release).toHaveBeenCalledTimes(1);
  });
});
