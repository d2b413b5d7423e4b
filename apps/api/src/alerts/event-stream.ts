import { ServerResponse } from 'node:http';
import { Observable, Subscription } from 'rxjs';

const EVENT_STREAM_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-store, no-transform',
  Connection: 'keep-alive',
  // nginx would otherwise buffer the stream.
  'X-Accel-Buffering': 'no',
};

/** What sendEventStream needs of a raw response (a Fastify reply's `raw`, once hijacked). */
export type EventStreamResponse = Pick<
  ServerResponse,
  'writeHead' | 'write' | 'cork' | 'uncork' | 'end' | 'destroy' | 'destroyed' | 'writableLength' | 'once' | 'socket'
>;

/** How long a stream's client has to take what waits for it once more than the most that may wait. */
export const DRAIN_GRACE_MS = 1000;

/** About how many bytes the streams of this process write in one turn of the event loop. */
export const BYTES_PER_TURN = 1 << 18;

/**
 * The writes of every stream of the process, in the order they were given, spread over turns of the event loop: at
 * most about BYTES_PER_TURN in one turn, then the loop serves whatever else waits (a /health probe, a registration)
 * before the next slice. Without it, one burst for hundreds of streams went out in a single turn: 1,000 alerts for
 * 200 streams are 80 MB copied into sockets, and the process answered nothing else until it was done. A slice is
 * chained with setImmediate, so each runs in a turn of its own after the loop has polled for I/O (timers, which
 * observeOn(asyncScheduler) would use, all run in one phase and so would not have helped).
 */
class WriteTurns {
  private tasks: { bytes: number; run: () => void }[] = [];
  private next = 0;
  private scheduled = false;

  push(bytes: number, run: () => void): void {
    this.tasks.push({ bytes, run });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.drain);
    }
  }

  private readonly drain = (): void => {
    let written = 0;
    while (this.next < this.tasks.length && written < BYTES_PER_TURN) {
      const task = this.tasks[this.next];
      this.next += 1;
      written += task.bytes;
      task.run();
    }
    if (this.next < this.tasks.length) {
      setImmediate(this.drain);
      return;
    }
    this.tasks = [];
    this.next = 0;
    this.scheduled = false;
  };
}

const writeTurns = new WriteTurns();

/**
 * Writes the events (SSE text, already encoded) to the client as they come, on the raw response. Nothing is
 * queued here: what the client does not read waits in its socket's buffer, and once more than `maxPendingBytes`
 * wait and the client has not taken them within DRAIN_GRACE_MS the connection is closed rather than left to grow
 * (the events are buffers shared by every stream, so what waits costs little, but a client that never reads would
 * keep it forever). The stream ends when the client goes, and then gives back its place (`release`).
 */
export function sendEventStream(
  response: EventStreamResponse,
  events: Observable<Buffer>,
  maxPendingBytes: number,
  release: () => void,
): void {
  response.writeHead(200, EVENT_STREAM_HEADERS);
  response.socket?.setNoDelay(true);
  response.socket?.setKeepAlive(true);
  const subscription = new Subscription(release);
  response.once('close', () => subscription.unsubscribe());
  // The client may have gone while the request was checked: then 'close' came already.
  if (response.destroyed || !response.socket || response.socket.destroyed) {
    subscription.unsubscribe();
    return;
  }
  // A burst (a detector batch raising many alerts) fills any socket for a moment: a client that reads takes it
  // within the grace, one that does not is cut off after it.
  let behind: NodeJS.Timeout | undefined;
  subscription.add(() => clearTimeout(behind));
  const catchUpOrGo = (): void => {
    let drained = false;
    response.once('drain', () => (drained = true));
    behind = setTimeout(() => {
      behind = undefined;
      if (!drained) response.destroy();
      // It took that burst; whether it keeps up with what came since is seen by the same measure.
      else if (response.writableLength > maxPendingBytes) catchUpOrGo();
    }, DRAIN_GRACE_MS);
  };
  // The events of one burst go out in one write to the socket, not one each: for hundreds of streams, a write
  // apiece was what kept the process from answering anything else while it sent them.
  let corked = false;
  const uncork = (): void => {
    corked = false;
    response.uncork();
  };
  const write = (event: Buffer): void => {
    if (response.destroyed) return;
    if (!corked) {
      corked = true;
      response.cork();
      process.nextTick(uncork);
    }
    response.write(event);
    if (response.writableLength > maxPendingBytes && behind === undefined) catchUpOrGo();
  };
  // The end goes through the same queue, so that it comes after the writes given before it.
  subscription.add(
    events.subscribe({
      next: (event) => writeTurns.push(event.length, () => write(event)),
      error: () => response.destroy(),
      complete: () => writeTurns.push(0, () => response.end()),
    }),
  );
}
