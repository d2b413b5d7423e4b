import { fold } from '../shared/decider';
import { SupervisionViewer } from '../shared/read-access';
import { complaintDecider } from './complaint.decide';
import { ComplaintEvent, ComplaintReceivedData, ComplaintState } from './complaint.types';
import { canSeeComplaint, complaintView, publicComplaintView } from './complaint.view';

const OFFICE: SupervisionViewer = { kind: 'office' };
const CG: SupervisionViewer = { kind: 'department', department: 'CG' };
const ZF: SupervisionViewer = { kind: 'department', department: 'ZF' };

function complaint(complainant: ComplaintReceivedData['complainant'], trackingCodeSha256?: string): ComplaintState {
  const events: ComplaintEvent[] = [
    {
      type: 'ComplaintReceived',
      data: {
        complaintId: 'TS-2025-0001',
        channel: 'phone',
        receivedAt: '2025-03-03T08:30:00+08:00',
        about: { department: 'CG' },
        complainant,
        summary: '申请材料齐全仍未受理',
        ...(trackingCodeSha256 ? { trackingCodeSha256 } : {}),
        by: 'k-jw',
        recordedAt: '2025-03-03T09:00:00+08:00',
      },
    },
    {
      type: 'ComplaintAssigned',
      data: {
        complaintId: 'TS-2025-0001',
        department: 'CG',
        round: 1,
        assignedOn: '2025-03-03',
        replyWithinWorkingDays: 10,
        replyDueOn: '2025-03-17',
        by: 'k-jw',
        recordedAt: '2025-03-03T10:00:00+08:00',
      },
    },
    {
      type: 'ComplaintReplied',
      data: {
        complaintId: 'TS-2025-0001',
        round: 1,
        reply: '已受理并办结',
        documents: [],
        repliedAt: '2025-03-10T10:00:00+08:00',
        by: 'k-cg',
        recordedAt: '2025-03-10T11:00:00+08:00',
      },
    },
  ];
  return fold(complaintDecider, events);
}

describe('who sees what of a complaint', () => {
  const confidential = complaint({ disclosure: 'confidential', name: '张三', contact: '13800000000' }, 'f'.repeat(64));

  it('shows a complaint to the office and to the department it is assigned to, not to another', () => {
    expect(canSeeComplaint(confidential, OFFICE)).toBe(true);
    expect(canSeeComplaint(confidential, CG)).toBe(true);
    expect(canSeeComplaint(confidential, ZF)).toBe(false);
  });

  it('never shows a department a confidential or anonymous complainant; the office sees who complained', () => {
    expect(complaintView(confidential, CG).received.complainant).toEqual({ disclosure: 'confidential' });
    expect(complaintView(complaint({ disclosure: 'anonymous' }), CG).received.complainant).toEqual({
      disclosure: 'anonymous',
    });
    expect(complaintView(confidential, OFFICE).received.complainant).toEqual({
      disclosure: 'confidential',
      name: '张三',
      contact: '13800000000',
    });
  });

  it('shows a named complainant to the department', () => {
    const named = complaint({ disclosure: 'named', name: '李四', contact: '13900000000' });
    expect(complaintView(named, CG).received.complainant).toEqual({
      disclosure: 'named',
      name: '李四',
      contact: '13900000000',
    });
  });

  it('keeps the tracking code digest from everyone, saying only whether the public form was used', () => {
    for (const viewer of [OFFICE, CG]) {
      const { received } = complaintView(confidential, viewer);
      expect(received).not.toHaveProperty('trackingCodeSha256');
      expect(received.viaPublicForm).toBe(true);
    }
    expect(complaintView(complaint({ disclosure: 'anonymous' }), OFFICE).received.viaPublicForm).toBe(false);
  });

  it('shows the complainant, by the tracking code, the status and the replies only', () => {
    expect(publicComplaintView(confidential, 'ABCD-EFGH-JKMN-PQRS-TUVW')).toEqual({
      trackingCode: 'ABCD-EFGH-JKMN-PQRS-TUVW',
      status: confidential.status,
      receivedAt: '2025-03-03T08:30:00+08:00',
      replies: [{ repliedAt: '2025-03-10T10:00:00+08:00', reply: '已受理并办结' }],
      result: null,
    });
  });
});
