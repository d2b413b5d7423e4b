import { ComplaintState, InspectionState, SupervisionViewer } from '@app/domain';

/**
 * What each reader sees of the supervision office's records. The complainant is protected: a department never sees
 * who complained or how to reach them unless the complaint is named (实名); the tracking code's digest is nobody's
 * business. A covert inspection (暗访) is not shown to the departments it looks at until its report is in.
 */

export type ComplaintView = Omit<ComplaintState, 'received' | 'status'> & {
  status: Exclude<ComplaintState['status'], 'absent'>;
  received: Omit<NonNullable<ComplaintState['received']>, 'trackingCodeSha256'> & { viaPublicForm: boolean };
};

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

export function canSeeComplaint(state: ComplaintState, viewer: SupervisionViewer): boolean {
  return viewer.kind === 'office' || state.department === viewer.department;
}

export function canSeeInspection(state: InspectionState, viewer: SupervisionViewer): boolean {
  if (viewer.kind === 'office') return true;
  const plan = state.plan!;
  return plan.scope.departments.includes(viewer.department) && (plan.manner === 'open' || state.status === 'reported');
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
