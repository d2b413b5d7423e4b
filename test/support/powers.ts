import { DomainError, officialCalendar, shanghaiDate } from '@app/domain';
import { TestApp } from './create-test-app';

export const PENALTY_BASIS = [{ title: '中华人民共和国烟草专卖法实施条例', article: '第五十六条' }];
export const APPROVAL = {
  authority: '宁国市规范行政权力运行工作领导小组',
  documentNo: '宁规范〔2023〕35号',
  date: '2023-12-20',
};

/** Today's date in Asia/Shanghai, as a publication records it. */
export const shanghaiToday = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

async function post(t: TestApp, key: string, path: string, body: object): Promise<void> {
  const res = await t
    .http()
    .post(path)
    .set({ Authorization: `Bearer ${key}` })
    .send(body);
  if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
}

/**
 * The grant of an important penalty power of `department`: 5 committed and 20 legal working days, one discretion band
 * of 1,000–5,000 yuan, in force since 2024; `fields` override.
 */
export const penaltyPowerBody = (code: string, department: string, fields: Record<string, unknown> = {}) => ({
  code,
  name: '对无准运证运输烟草专卖品的处罚',
  category: 'penalty',
  department,
  legalBasis: PENALTY_BASIS,
  timeLimit: { legalDays: 20, committedDays: 5 },
  discretion: [{ level: 'general', conditions: '初次违法', min: 1000, max: 5000 }],
  important: true,
  approval: APPROVAL,
  effectiveFrom: '2024-01-01',
  ...fields,
});

/**
 * A reviewer grants `code` to YCJ (penaltyPowerBody, with `fields`) and publishes it today, so that the catalogue's
 * publication duty raises nothing about it.
 */
export async function grantPublishedPower(
  t: TestApp,
  reviewerKey: string,
  code: string,
  fields: Record<string, unknown> = {},
): Promise<void> {
  await post(t, reviewerKey, '/v1/powers', penaltyPowerBody(code, 'YCJ', fields));
  await publishToday(t, reviewerKey, code);
}

/** Publishes the power's last change today. */
export function publishToday(t: TestApp, reviewerKey: string, code: string): Promise<void> {
  return post(t, reviewerKey, `/v1/powers/${code}/publications`, { channel: '政府网站', publishedOn: shanghaiToday() });
}

/**
 * The publication duty of a fact recorded today, as the built-in calendar computes it, or the first year the count
 * needs and the calendar lacks (next year in December, this year once it has begun).
 */
export function publicationDutyOfToday(): object {
  const today = shanghaiDate(new Date().toISOString());
  try {
    return { dueBy: officialCalendar().addWorkingDays(today, 20), overdue: false };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { dueBy: null, overdue: false, calendarYearMissing: error.details.year };
  }
}
