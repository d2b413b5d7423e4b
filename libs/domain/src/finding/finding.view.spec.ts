import { SupervisionViewer } from '../shared/read-access';
import { fold } from '../shared/decider';
import { findingDecider } from './finding.decide';
import { canSeeFinding } from './finding.view';

const OFFICE: SupervisionViewer = { kind: 'office' };
const CG: SupervisionViewer = { kind: 'department', department: 'CG' };
const ZF: SupervisionViewer = { kind: 'department', department: 'ZF' };

describe('who sees a finding', () => {
  it('shows a finding to the office and to the department it is about', () => {
    const finding = fold(findingDecider, [
      {
        type: 'FindingRecorded',
        data: {
          findingId: 'F-1',
          kind: 'slow-action',
          department: 'CG',
          source: { kind: 'own-initiative' },
          operations: [],
          powers: [],
          facts: '超期办结',
          evidence: [],
          ground: 6,
          foundOn: '2025-04-01',
          by: 'k-jw',
          recordedAt: '2025-04-01T09:00:00+08:00',
        },
      },
    ]);
    expect([OFFICE, CG, ZF].map((viewer) => canSeeFinding(finding, viewer))).toEqual([true, true, false]);
  });
});
