import { createHash } from 'node:crypto';
import { deciderSpec } from '@app/testing/decider-spec';
import { inspectionDecider } from './inspection.decide';
import { drawSample, populationSha256, seedFromLog } from './inspection.sample';
import { InspectionCommand, InspectionPlanned, InspectionSample } from './inspection.types';

/** Inspections (查访): planned, one sample that is never redrawn, activities numbered, a report that closes it. */
const given = deciderSpec(inspectionDecider);

const planned: InspectionPlanned = {
  type: 'InspectionPlanned',
  data: {
    inspectionId: 'I-1',
    title: '2025年行政许可不定期抽查',
    kind: 'random',
    manner: 'covert',
    scope: { departments: ['CG'], powers: [], from: '2025-01-01', to: '2025-12-31' },
    plannedOn: '2026-01-05',
    by: 'k-jw',
    recordedAt: '2026-01-05T09:00:00+08:00',
  },
};
const stamp = { by: 'k-jw', recordedAt: '2026-01-06T09:00:00+08:00' };
const sample: InspectionSample = {
  atPosition: 10,
  seed: 's',
  seedSource: 'given',
  algorithm: 'sha256-rank',
  algorithmVersion: 1,
  size: 1,
  populationSize: 2,
  populationSha256: populationSha256(['OP-1', 'OP-2']),
  operationIds: drawSample(['OP-1', 'OP-2'], 's', 1),
};
const activity: InspectionCommand = {
  type: 'RecordInspectionActivity',
  inspectionId: 'I-1',
  kind: 'follow-up-visit',
  at: '2026-01-07T10:00:00+08:00',
  who: '申请人李四',
  form: 'phone',
  operationId: 'OP-1',
  opinions: '办理及时，态度良好',
  ...stamp,
};

describe('inspection decider', () => {
  it('plans once, with a scope that does not end before it starts', () => {
    const { by: _b, recordedAt: _r, ...fields } = planned.data;
    given([])
      .when({ type: 'PlanInspection', ...fields, by: 'k-jw', recordedAt: planned.data.recordedAt })
      .then([planned]);
    given([planned])
      .when({ type: 'PlanInspection', ...fields, ...stamp })
      .thenThrows('INSPECTION_EXISTS');
    given([])
      .when({ type: 'PlanInspection', ...fields, scope: { ...fields.scope, to: '2024-12-31' }, ...stamp })
      .thenThrows('INVALID_SCOPE');
  });

  it('records one sample, never a second', () => {
    const [drawn] = given([planned])
      .when({ type: 'RecordSample', inspectionId: 'I-1', sample, ...stamp })
      .thenMatches([{ type: 'InspectionSampleDrawn' }]);
    given([planned, drawn])
      .when({ type: 'RecordSample', inspectionId: 'I-1', sample, ...stamp })
      .thenThrows('SAMPLE_DRAWN');
  });

  it('numbers activities; a report closes the inspection', () => {
    const [first] = given([planned])
      .when(activity)
      .thenMatches([{ data: { activityId: 'A1', who: '申请人李四' } }]);
    const [second] = given([planned, first])
      .when(activity)
      .thenMatches([{ data: { activityId: 'A2' } }]);
    const report: InspectionCommand = {
      type: 'ReportInspection',
      inspectionId: 'I-1',
      summary: '抽查10件，发现1件缓作为',
      documents: [],
      reportedOn: '2026-01-20',
      ...stamp,
    };
    const [reported] = given([planned, first, second])
      .when(report)
      .thenMatches([{ type: 'InspectionReported' }]);
    given([planned, first, second, reported]).when(activity).thenThrows('INSPECTION_REPORTED');
    given([]).when(activity).thenThrows('INSPECTION_NOT_FOUND');
  });
});

describe('sampling (sha256-rank v1)', () => {
  const population = Array.from({ length: 200 }, (_, i) => `OP-${i + 1}`);

  it('is the ids ranked by SHA-256(seed + "\\n" + id), as anyone can recompute', () => {
    const expected = [...population]
      .map((id) => ({ id, rank: createHash('sha256').update(`seed-1\n${id}`).digest('hex') }))
      .sort((a, b) => a.rank.localeCompare(b.rank))
      .slice(0, 10)
      .map(({ id }) => id);
    expect(drawSample(population, 'seed-1', 10)).toEqual(expected);
  });

  it('does not depend on the order of the population; another seed draws another sample', () => {
    const first = drawSample(population, 'seed-1', 10);
    expect(drawSample([...population].reverse(), 'seed-1', 10)).toEqual(first);
    expect(drawSample(population, 'seed-2', 10)).not.toEqual(first);
    expect(drawSample(population.slice(0, 5), 'seed-1', 10)).toHaveLength(5);
  });

  it('names its population by a digest of the sorted ids, and derives a seed from the log', () => {
    expect(populationSha256(['b', 'a'])).toBe(createHash('sha256').update('a\nb').digest('hex'));
    expect(seedFromLog(7, 'ab')).toBe(createHash('sha256').update('log-position:7\nab').digest('hex'));
    expect(seedFromLog(7, 'ab')).not.toBe(seedFromLog(8, 'ab'));
  });
});
