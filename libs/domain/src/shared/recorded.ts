import { DomainEvent } from './decider';

/** A stored event as a detector reads it: with its id (alerts cite it as evidence) and when it was recorded. */
export interface RecordedDomainEvent<Event extends DomainEvent = DomainEvent> {
  eventId: string;
  event: Event;
  recordedAt: string;
}

/** What a detector of one stream found at an instant, and when time alone could make more due. */
export interface StreamDetection<Fact> {
  facts: Fact[];
  /** Null when nothing more can become due without a new event. */
  nextCheckAt: string | null;
}
