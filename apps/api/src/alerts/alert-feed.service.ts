import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Observable, Subject, Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { AlertRaisedData } from '@app/domain';
import {
  checkpointAfter,
  EVENT_STORE,
  EventStore,
  GlobalCheckpoint,
  START_OF_LOG,
  Unsubscribe,
} from '@app/event-store';
import { AlertView, logHead, ProjectionRunner, raisedAlertView } from '@app/projections';

/** An alert as it was raised, with the position of its AlertRaised event (the SSE event id). */
export interface RaisedAlert {
  position: number;
  alert: AlertView;
}

const BATCH_SIZE = 500;

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
  private readonly raised = new Subject<RaisedAlert>();
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

  /** Emits once when the process shuts down, so that open streams end and the server can close. */
  readonly closed: Observable<void> = this.closing.asObservable();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * One follower: first `undefined`, once the feed follows the log for it, then every alert raised after that.
   * (Hot: what was raised before it followed is not replayed.)
   */
  follow(): Observable<RaisedAlert | undefined> {
    return new Observable<RaisedAlert | undefined>((subscriber) => {
      this.followers += 1;
      let alerts: Subscription | undefined;
      this.startFollowing().then(
        () => {
          if (subscriber.closed) return;
          alerts = this.raised.subscribe(subscriber);
          subscriber.next(undefined);
        },
        (error: unknown) => subscriber.error(error),
      );
      return () => {
        alerts?.unsubscribe();
        this.followers -= 1;
        // Nobody left: stop reading, and let the next follower start at the head of the log again.
        if (this.followers === 0) this.following = undefined;
      };
    });
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
        this.after = await logHead(this.dataSource);
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
      for (const event of events) {
        if (event.type !== 'AlertRaised') continue;
        this.raised.next({
          position: event.globalPosition,
          alert: raisedAlertView(event.data as AlertRaisedData, event.streamVersion),
        });
      }
      if (events.length > 0) {
        const last = events[events.length - 1];
        this.after = checkpointAfter(last);
      }
      if (events.length < BATCH_SIZE || this.stopped) return;
    }
  }
}
