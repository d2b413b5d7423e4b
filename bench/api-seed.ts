import { computeOperationDeadlines, officialCalendar } from '@app/domain';
import { RunningApi } from './api-app';

export const BENCH_DEPARTMENT = 'BENCH';
export const BENCH_POWER = 'BENCH-CF-0001';

const TIME_LIMIT = { legalDays: 20, committedDays: 5 };

/**
 * An acceptance date whose deadlines the built-in calendar can count, for a matter that must be judged (completed
 * late, say): `now` when it can, else early November of the calendar's last year.
 */
export function benchAcceptedAt(now = Date.now()): string {
  const calendar = officialCalendar();
  const at = new Date(now).toISOString();
  try {
    computeOperationDeadlines(at, TIME_LIMIT, calendar);
    return at;
  } catch {
    return `${Math.max(...calendar.knownYears())}-11-02T09:00:00+08:00`;
  }
}

/**
 * When the bench's matters were accepted: an hour ago, as registrations usually are, so that they are neither late
 * nor overdue and raise no alerts. Late in a year whose successor the built-in calendar does not know yet, their
 * deadlines are pending, as every registration's is that day until the next year's calendar is published.
 */
const ACCEPTED_AT = new Date(Date.now() - 3_600_000).toISOString();

/** An important penalty power of `department`, in force from 2024 with the bench's time limits. */
export const benchPower = (code: string, department: string): Record<string, unknown> => ({
  code,
  name: '对无准运证运输烟草专卖品的处罚',
  category: 'penalty',
  department,
  legalBasis: [{ title: '中华人民共和国烟草专卖法实施条例', article: '第五十六条' }],
  timeLimit: TIME_LIMIT,
  discretion: [{ level: 'general', conditions: '初次违法', min: 1000, max: 5000 }],
  important: true,
  approval: { authority: '规范办', documentNo: '宁规范〔2023〕35号', date: '2023-12-20' },
  effectiveFrom: '2024-01-01',
});

/** One registration as a department's system sends it. */
export const registration = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({
  powerCode: BENCH_POWER,
  caseNumber: '宁烟专罚〔2025〕12号',
  counterparty: { kind: 'person', name: '张三', idNumber: '110101199003071234' },
  handlers: [{ name: '李四', post: '执法队员' }],
  acceptedAt: ACCEPTED_AT,
  ...fields,
});

export async function call<T>(
  api: RunningApi,
  method: 'GET' | 'POST',
  path: string,
  key: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function created<T>(api: RunningApi, path: string, key: string, body: unknown): Promise<T> {
  const res = await call<T>(api, 'POST', path, key, body);
  if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface Seeded {
  /** A key of the department that registers. */
  departmentKey: string;
  supervisorKey: string;
}

/** Through the API, as an operator would: a department, its key, and an important penalty power it holds. */
export async function seed(api: RunningApi): Promise<Seeded> {
  await created(api, '/v1/admin/departments', api.adminKey, { code: BENCH_DEPARTMENT, name: '基准测试局' });
  const issue = (role: string, department?: string) =>
    created<{ key: string }>(api, '/v1/admin/keys', api.adminKey, { name: `bench ${role}`, role, department });
  const [departmentKey, reviewerKey, supervisorKey] = await Promise.all([
    issue('department', BENCH_DEPARTMENT),
    issue('reviewer'),
    issue('supervisor'),
  ]);
  await created(api, '/v1/powers', reviewerKey.key, benchPower(BENCH_POWER, BENCH_DEPARTMENT));
  return { departmentKey: departmentKey.key, supervisorKey: supervisorKey.key };
}
