import { fold } from '../shared/decider';
import { SupervisionViewer } from '../shared/read-access';
import { rectificationDecider } from './rectification.decide';
import { canSeeRectification } from './rectification.view';

const OFFICE: SupervisionViewer = { kind: 'office' };
const CG: SupervisionViewer = { kind: 'department', department: 'CG' };
const ZF: SupervisionViewer = { kind: 'department', department: 'ZF' };

describe('who sees a rectification order', () => {
  it('shows a rectification order to the office and to the department it is addressed to', () => {
    const order = fold(rectificationDecider, [
      {
        type: 'RectificationOrdered',
        data: {
          rectificationId: 'R-1',
          department: 'CG',
          source: { kind: 'finding', id: 'F-1' },
          requirements: '限期整改超期办结问题',
          orderedOn: '2025-04-02',
          withinWorkingDays: 10,
          dueOn: '2025-04-17',
          by: 'k-jw',
          recordedAt: '2025-04-02T09:00:00+08:00',
        },
      },
    ]);
    expect([OFFICE, CG, ZF].map((viewer) => canSeeRectification(order, viewer))).toEqual([true, true, false]);
  });
});
