import { Actor, GrantPower, PowerCommand, powerDecider, powerView, RecordedPowerEvent } from '@app/domain';
import { catalogueTimeline } from './catalogue-timeline';

const REVIEWER: Actor = { id: 'u-fzb', role: 'reviewer' };
const APPROVAL = { authority: '宁国市烟草专卖局', documentNo: '宁烟〔2023〕8号', date: '2023-12-20' };
const at = (recordedAt: string) => ({ actor: REVIEWER, recordedAt, today: recordedAt.slice(0, 10) });

function record(commands: PowerCommand[]): RecordedPowerEvent[] {
  let state = powerDecider.initialState;
  const events: RecordedPowerEvent[] = [];
  for (const command of commands) {
    for (const event of powerDecider.decide(command, state)) {
      events.push({ event, recordedAt: command.recordedAt, version: events.length + 1 });
      state = powerDecider.evolve(state, event);
    }
  }
  return events;
}

const grant: GrantPower = {
  type: 'GrantPower',
  ...at('2024-01-02T10:00:00+08:00'),
  code: 'YC-CF-0001',
  name: '对无准运证运输烟草专卖品的处罚',
  category: 'penalty',
  department: 'YCJ',
  legalBasis: [{ title: '烟草专卖法实施条例', article: '第五十六条' }],
  timeLimit: { legalDays: 30, committedDays: 15 },
  approval: APPROVAL,
  effectiveFrom: '2024-01-01',
};
const change: PowerCommand = {
  type: 'ChangePower',
  ...at('2025-04-01T09:00:00+08:00'),
  code: 'YC-CF-0001',
  kind: 'amendment',
  changes: { important: true },
  reason: '列为重要权力',
  approval: { ...APPROVAL, documentNo: '宁烟〔2025〕3号', date: '2025-03-28' },
  effectiveFrom: '2025-01-01',
};
const publish: PowerCommand = {
  type: 'PublishPower',
  ...at('2025-04-08T16:00:00+08:00'),
  code: 'YC-CF-0001',
  channel: '政府门户网站',
  publishedOn: '2025-04-08',
};
const cancel: PowerCommand = {
  type: 'CancelPower',
  ...at('2025-10-10T11:00:00+08:00'),
  code: 'YC-CF-0001',
  reason: '国务院决定取消',
  approval: { ...APPROVAL, documentNo: '宁烟〔2025〕40号', date: '2025-10-08' },
  effectiveFrom: '2026-01-01',
};

describe('catalogueTimeline', () => {
  it('cuts the effective timeline where facts take effect and publications are made', () => {
    const segments = catalogueTimeline(record([grant, change, publish, cancel]));
    expect(segments.map((s) => [s.validFrom, s.validTo, s.view.status, s.view.lastPublishedOn])).toEqual([
      [null, '2024-01-01', 'not-yet-in-force', null],
      ['2024-01-01', '2025-01-01', 'in-force', null],
      ['2025-01-01', '2025-04-08', 'in-force', null],
      ['2025-04-08', '2026-01-01', 'in-force', '2025-04-08'],
      ['2026-01-01', null, 'cancelled', '2025-04-08'],
    ]);
    expect(segments.map((s) => s.view.attributes.important)).toEqual([false, false, true, true, true]);
    expect(segments.every((s) => s.publishedEver)).toBe(true);
  });

  it('agrees with the domain view on every day, including the days around each cut', () => {
    const events = record([grant, change, publish, cancel]);
    const segments = catalogueTimeline(events);
    for (const day of [
      '2023-06-01',
      '2023-12-31',
      '2024-01-01',
      '2024-12-31',
      '2025-01-01',
      '2025-04-07',
      '2025-04-08',
      '2025-12-31',
      '2026-01-01',
      '2030-01-01',
    ]) {
      const segment = segments.find(
        (s) => (s.validFrom === null || s.validFrom <= day) && (s.validTo === null || day < s.validTo),
      );
      expect(segment?.view).toEqual(powerView(events, { asOf: day }, day));
    }
  });

  it('merges neighbouring days that look the same', () => {
    const renamed = '对无准运证运输烟草专卖品行为的处罚';
    const later: PowerCommand = { ...change, changes: { name: renamed }, effectiveFrom: '2025-03-01' };
    const earlier: PowerCommand = { ...later, ...at('2025-05-01T09:00:00+08:00'), effectiveFrom: '2025-01-01' };
    const segments = catalogueTimeline(record([grant, later, earlier]));
    expect(segments.map((s) => [s.validFrom, s.validTo, s.view.attributes.name])).toEqual([
      [null, '2024-01-01', grant.name],
      ['2024-01-01', '2025-01-01', grant.name],
      ['2025-01-01', null, renamed],
    ]);
    expect(segments[0].publishedEver).toBe(false);
  });

  it('is empty without a grant', () => {
    expect(catalogueTimeline([])).toEqual([]);
  });
});
