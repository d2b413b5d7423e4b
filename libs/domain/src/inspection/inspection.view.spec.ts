import { fold } from '../shared/decider';
import { SupervisionViewer } from '../shared/read-access';
import { inspectionDecider } from './inspection.decide';
import { InspectionPlannedData, InspectionState } from './inspection.types';
import { canSeeInspection } from './inspection.view';

const OFFICE: SupervisionViewer = { kind: 'office' };
const CG: SupervisionViewer = { kind: 'department', department: 'CG' };
const ZF: SupervisionViewer = { kind: 'department', department: 'ZF' };

function planned(manner: InspectionPlannedData['manner']): InspectionState {
  return fold(inspectionDecider, [
    {
      type: 'InspectionPlanned',
      data: {
        inspectionId: 'I-1',
        title: '2025年行政许可不定期抽查',
        kind: 'random',
        manner,
        scope: { departments: ['CG'], powers: [], from: '2025-01-01', to: '2025-12-31' },
        plannedOn: '2026-01-05',
        by: 'k-jw',
        recordedAt: '2026-01-05T09:00:00+08:00',
      },
    },
  ]);
}

describe('who sees an inspection', () => {
  it('shows an open inspection to the office and to the departments in its scope, not to others', () => {
    const open = planned('open');
    expect(canSeeInspection(open, OFFICE)).toBe(true);
    expect(canSeeInspection(open, CG)).toBe(true);
    expect(canSeeInspection(open, ZF)).toBe(false);
  });

  it('hides a covert inspection (暗访) from the departments it looks at until its report is in', () => {
    const covert = planned('covert');
    expect(canSeeInspection(covert, OFFICE)).toBe(true);
    expect(canSeeInspection(covert, CG)).toBe(false);
    const reported: InspectionState = { ...covert, status: 'reported' };
    expect(canSeeInspection(reported, CG)).toBe(true);
    expect(canSeeInspection(reported, ZF)).toBe(false);
  });
});
