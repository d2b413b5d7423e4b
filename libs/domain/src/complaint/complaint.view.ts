import { SupervisionViewer } from '../shared/read-access';
import { ComplaintState } from './complaint.types';

/*
 * What each reader sees of a complaint (docs/domain.md, "Supervision work"). The complainant is protected: a
 * department never sees who complained or how to reach them unless the complaint is named (实名), and the tracking
 * code's digest is nobody's business.
 */

export type ComplaintView = Omit<ComplaintState, 'received' | 'status'> & {
  status: Exclude<ComplaintState['status'], 'absent'>;
  received: Omit<NonNullable<ComplaintState['received']>, 'trackingCodeSha256'> & { viaPublicForm: boolean };
};

/** The office sees every complaint; a department those assigned to it. */
export function canSeeComplaint(state: ComplaintState, viewer: SupervisionViewer): boolean {
  return viewer.kind === 'office' || state.department === viewer.department;
}

/** A received complaint as `viewer` may read it: a department reads the complainant only of a named complaint. */
export function complaintView(state: ComplaintState, viewer: SupervisionViewer): ComplaintView {
  const { trackingCodeSha256, complainant, ...received } = state.received!;
  const shown =
    viewer.kind === 'department' && complainant.disclosure !== 'named'
      ? { disclosure: complainant.disclosure }
      : complainant;
  return {
    ...state,
    status: state.status as ComplaintView['status'],
    received: { ...received, complainant: shown, viaPublicForm: trackingCodeSha256 !== undefined },
  };
}

/** What the complainant sees with the tracking code: the status and the replies, nothing else. */
export interface PublicComplaintView {
  trackingCode: string;
  status: Exclude<ComplaintState['status'], 'absent'>;
  receivedAt: string;
  replies: { repliedAt: string; reply: string }[];
  result: string | null;
}

export function publicComplaintView(state: ComplaintState, trackingCode: string): PublicComplaintView {
  return {
    trackingCode,
    status: state.status as PublicComplaintView['status'],
    receivedAt: state.received!.receivedAt,
    replies: state.rounds.flatMap((round) =>
      round.reply ? [{ repliedAt: round.reply.repliedAt, reply: round.reply.reply }] : [],
    ),
    result: state.closure?.result ?? null,
  };
}
