import { deciderSpec } from '@app/testing/decider-spec';
import { detectFindingAlerts, findingDecider } from './finding.decide';
import { FindingCommand, FindingRecorded } from './finding.types';

/** Findings (监督检查发现的问题): recorded once; grounds 3, 8 and 10 become alerts, the detectors cannot see them. */
const given = deciderSpec(findingDecider);

const recorded: FindingRecorded = {
  type: 'FindingRecorded',
  data: {
    findingId: 'F-1',
    kind: 'slow-action',
    department: 'CG',
    source: { kind: 'inspection', id: 'I-1' },
    operations: ['OP-1'],
    powers: [],
    facts: '受理后二十日未作处理',
    evidence: [],
    ground: 1,
    foundOn: '2025-03-03',
    by: 'k-jw',
    recordedAt: '2025-03-03T10:00:00+08:00',
  },
};
const record = (data: Partial<FindingRecorded['data']> = {}): FindingCommand => ({
  type: 'RecordFinding',
  ...recorded.data,
  ...data,
});

describe('finding decider', () => {
  it('records a finding once', () => {
    given([]).when(record()).then([recorded]);
    given([recorded]).when(record()).thenThrows('FINDING_EXISTS');
  });

  it('a finding from an inspection, complaint or alert names it', () => {
    given([])
      .when(record({ source: { kind: 'complaint' } }))
      .thenThrows('FINDING_SOURCE_ID_REQUIRED');
    given([])
      .when(record({ source: { kind: 'own-initiative' } }))
      .thenMatches([{ type: 'FindingRecorded' }]);
  });
});

describe('alerts from findings', () => {
  const detect = (ground: FindingRecorded['data']['ground']) =>
    detectFindingAlerts([
      {
        eventId: 'e1',
        event: { ...recorded, data: { ...recorded.data, ground } },
        recordedAt: recorded.data.recordedAt,
      },
    ]).facts;

  it('grounds 3 and 8 are red, 10 yellow; grounds the detectors see raise nothing here', () => {
    expect(detect(3)).toEqual([
      expect.objectContaining({ alertId: 'finding:F-1:g3:finding', ground: 3, level: 'red', evidence: ['e1'] }),
    ]);
    expect(detect(8)[0]).toMatchObject({ ground: 8, level: 'red', subject: { kind: 'finding', id: 'F-1' } });
    expect(detect(10)[0]).toMatchObject({ ground: 10, level: 'yellow', department: 'CG' });
    expect(detect(1)).toEqual([]);
    expect(detect(9)).toEqual([]);
  });
});
