import { complaintStreamId } from '../complaint/complaint.types';
import { findingStreamId } from '../finding/finding.types';
import { operationStreamId } from '../operation/operation.events';
import { powerStreamId } from '../power/power.events';
import { rectificationStreamId } from '../rectification/rectification.types';
import { AlertSubject } from './alert.types';

const STREAM_OF_SUBJECT: Readonly<Record<AlertSubject['kind'], (id: string) => string>> = {
  operation: operationStreamId,
  power: powerStreamId,
  complaint: complaintStreamId,
  rectification: rectificationStreamId,
  finding: findingStreamId,
};

/** The stream an alert is about: the detectors read it, a reconstruction shows it. */
export function alertSubjectStreamId(subject: AlertSubject): string {
  return STREAM_OF_SUBJECT[subject.kind](subject.id);
}
