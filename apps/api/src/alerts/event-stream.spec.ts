import { Writable } from 'node:stream';
import { Subject } from 'rxjs';
import { DRAIN_GRACE_MS, EventStreamResponse, sendEventStream } from './event-stream';

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
    for (let n = 1; n <= 200; n += 1) events.next(event(n));
    expect(response.writableLength).toBeGreaterThan(LIMIT * 10);
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
