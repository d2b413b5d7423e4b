import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Observable, Subject, Subscription } from 'rxjs';

import { AppConfig } from '@app/config';
import { AlertRaisedData } from '@app/domain';
import {
  checkpointAfter,
  compareCheckpoints,
  EVENT_STORE,
  EventStore,
  GlobalCheckpoint,
  RecordedEvent,
  START_OF_LOG,
  Unsubscribe,
} from '@app/event-store';
import { ProjectionRunner } from '@app/projector';
import { AlertView, raisedAlertView } from '@app/read-models';

/**
 * An alert as it was raised, with the position of its AlertRaised event (the SSE event id), its checkpoint, and its
 * SSE event as UTF-8.
 */
export interface RaisedAlert {
  position: number;
  checkpoint: GlobalCheckpoint;
  alert: AlertView;
  /**
   * `id: <position>` and `data: <the alert as JSON>`, encoded once for every follower: each stream writes this
   * same buffer, so a thousand alerts for two hundred streams are serialised a thousand times, not 200,000, and the
   * bytes waiting in the streams' sockets are shared rather than copied.
   */
  sse: Buffer;
}

/**
 * Alerts raised together (what one read of the log found), with their SSE events joined once for every follower: a
 * stream that takes all of them writes that one buffer, so hundreds of streams cost hundreds of writes per batch,
 * not one per alert and stream.
 */
export interface RaisedAlerts {
  alerts: RaisedAlert[];
  sse: Buffer;
}

const BATCH_SIZE = 500;

const batchOf = (alerts: RaisedAlert[]): RaisedAlerts => ({
  alerts,
  sse: alerts.length === 1 ? alerts[0].sse : Buffer.concat(alerts.map((alert) => alert.sse)),
});

/** The batch's alerts that pass `keep`: the batch itself when all do, undefined when none does. */
export function keptOf(batch: RaisedAlerts, keep: (alert: RaisedAlert) => boolean): RaisedAlerts | undefined {
  const kept = batch.alerts.filter(keep);
  if (kept.length === batch.alerts.length) return batch;
  return kept.length === 0 ? undefined : batchOf(kept);
}

function raisedOf(event: RecordedEvent): RaisedAlert {
  const alert = raisedAlertView(event.data as AlertRaisedData, event.streamVersion);
  return {
    position: event.globalPosition,
    checkpoint: checkpointAfter(event),
    alert,
    // JSON text holds no line break, so the alert is one data line.
    sse: Buffer.from(`id: ${event.globalPosition}\ndata: ${JSON.stringify(alert)}\n\n`),
  };
}

/**
 * The alerts raised while someone follows them, as they are appended to the log: one reader of the global log per
 * process, multicast to every SSE subscriber through a Subject. It reads the log rather than the alerts read model,
 * so it works the same whether the detectors run in this process or in a projector of their own (their appends wake
 * it through the store's NOTIFY), and it reads through the projection runner's window, so that the events the
 * projections of this process read are not read and parsed a second time for it. While nobody follows it, it reads
 * nothing: the first follower starts it at the head of the log.
 */
@Injectable()
export class AlertFeedService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AlertFeed');
  private readonly raised = new Subject<RaisedAlerts>();
  private readonly closing = new Subject<void>();
  /** Where the feed has read up to: the head of the log when it started following, then its last event read. */
  private after: GlobalCheckpoint = START_OF_LOG;
  /** Settles once `after` is where the current followers started; undefined while nobody follows. */
  private following: Promise<void> | undefined;
  private followers = 0;
  private unsubscribe: Unsubscribe | undefined;
  private running: Promise<void> | undefined;
  private wakeAgain = false;
  private stopped = false;
  /** Open streams per API key (principal id). */
  private readonly streamsOf = new Map<string, number>();

  /** Emits once when the process shuts down, so that open streams end and the server can close. */
  readonly closed: Observable<void> = this.closing.asObservable();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly config: AppConfig,
  ) {}

  /**
   * One follower: first `undefined`, once the feed follows the log for it, then every alert raised after that. With
   * `from` (the checkpoint of the last event a reconnecting client saw, its Last-Event-ID) the alerts raised after it
   * and before the feed's place in the log are read from the log and sent first, and the live ones that come
   * meanwhile wait behind them: none is lost or sent twice across the reconnection.
   */
  follow(from?: GlobalCheckpoint): Observable<RaisedAlerts | undefined> {
    return new Observable<RaisedAlerts | undefined>((subscriber) => {
      this.followers += 1;
      let alerts: Subscription | undefined;
      this.startFollowing()
        .then(
          async () => {
            if (subscriber.closed) return;
            if (from === undefined) {
              alerts = this.raised.subscribe(subscriber);
              subscriber.next(undefined);
              return;
            }
            // Everything after `liveFrom` comes through `raised`; what lies between `from` and it is read here.
            const liveFrom = this.after;
            const waiting: RaisedAlerts[] = [];
            let replayed = false;
            // Another process's feed may have been ahead of this one: what the client saw there is not sent again.
            const unseen = (alert: RaisedAlert) => compareCheckpoints(alert.checkpoint, from) > 0;
            alerts = this.raised.subscribe({
              next: (batch) => {
                const kept = keptOf(batch, unseen);
                if (!kept) return;
                if (replayed) subscriber.next(kept);
                else waiting.push(kept);
              },
              error: (error: unknown) => subscriber.error(error),
              complete: () => subscriber.complete(),
            });
            subscriber.next(undefined);
            for await (const alert of this.raisedBetween(from, liveFrom)) {
              if (subscriber.closed) return;
              subscriber.next(batchOf([alert]));
            }
            replayed = true;
            for (const alert of waiting.splice(0)) subscriber.next(alert);
          },
          (error: unknown) => subscriber.error(error),
        )
        .catch((error: unknown) => subscriber.error(error));
      return () => {
        alerts?.unsubscribe();
        this.followers -= 1;
        // Nobody left: stop reading, and let the next follower start at the head of the log again.
        if (this.followers === 0) this.following = undefined;
      };
    });
  }

  /**
   * Takes one of the key's ALERT_STREAMS_PER_KEY streams for as long as a stream is open: the returned function
   * gives it back (once, however often it is called). Undefined when the key holds them all.
   */
  claimStream(key: string): (() => void) | undefined {
    const open = this.streamsOf.get(key) ?? 0;
    if (open >= this.config.ALERT_STREAMS_PER_KEY) return undefined;
    this.streamsOf.set(key, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.streamsOf.get(key) ?? 1) - 1;
      if (left === 0) this.streamsOf.delete(key);
      else this.streamsOf.set(key, left);
    };
  }

  /** The checkpoint of the event at a global position, for a reconnecting client's Last-Event-ID. */
  checkpointOf(position: number): Promise<GlobalCheckpoint | undefined> {
    return this.store.checkpointOf(position);
  }

  /** The alerts raised after `from` up to and including `until`, in the order of the log. */
  private async *raisedBetween(from: GlobalCheckpoint, until: GlobalCheckpoint): AsyncGenerator<RaisedAlert> {
    let after = from;
    while (compareCheckpoints(after, until) < 0) {
      const events = await this.store.readAll({ after, limit: BATCH_SIZE });
      for (const event of events) {
        after = checkpointAfter(event);
        if (compareCheckpoints(after, until) > 0) return;
        if (event.type === 'AlertRaised') yield raisedOf(event);
      }
      if (events.length < BATCH_SIZE) return;
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = await this.store.subscribe(() => this.wake(), this.config.PROJECTOR_POLL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.unsubscribe?.();
    await this.running;
    this.closing.next();
    this.closing.complete();
    this.raised.complete();
  }

  private startFollowing(): Promise<void> {
    if (!this.following) {
      const following = (async () => {
        await this.running;
        this.after = await this.store.head();
      })();
      following.catch(() => {
        if (this.following === following) this.following = undefined;
      });
      this.following = following;
    }
    return this.following;
  }

  private wake(): void {
    if (this.stopped || !this.following) return;
    if (this.running) {
      this.wakeAgain = true;
      return;
    }
    this.running = this.readNew()
      .catch((error: unknown) => this.logger.error('reading new alerts failed; retried on the next wake', error))
      .finally(() => {
        this.running = undefined;
        if (this.wakeAgain) {
          this.wakeAgain = false;
          this.wake();
        }
      });
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const following = this.following;
      if (!following) return;
      await following;
      const events = await this.runner.readLog(this.after, BATCH_SIZE);
      // A follower that came after everyone left restarted the feed at the head while this read was under way.
      if (this.following !== following) return;
      const raised = events.filter((event) => event.type === 'AlertRaised').map(raisedOf);
      if (raised.length > 0) this.raised.next(batchOf(raised));
      if (events.length > 0) {
        const last = events[events.length - 1];
        this.after = checkpointAfter(last);
      }
      if (events.length < BATCH_SIZE || this.stopped) return;
    }
  }
}
