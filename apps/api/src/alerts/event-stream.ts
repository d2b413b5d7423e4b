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
  subscription.add(
    events.subscribe({
      next: (event) => {
        if (response.destroyed) return;
        if (!corked) {
          corked = true;
          response.cork();
          process.nextTick(uncork);
        }
        response.write(event);
        if (response.writableLength > maxPendingBytes && behind === undefined) catchUpOrGo();
      },
      error: () => response.destroy(),
      complete: () => response.end(),
    }),
  );
}
