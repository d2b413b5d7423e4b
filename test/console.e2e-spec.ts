/// <reference lib="dom" />
// The callbacks of page.$$eval and page.waitForFunction run in the browser: they see the DOM.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContextOptions, chromium, Page } from 'playwright-core';
import { verifyDossier } from '@app/dossier';
import { createTestApp, TestApp } from './support/create-test-app';
import { appWithLicensingPower } from './support/late-licence';

const LICENSING = 'YCJ-XK-0901';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = join(__dirname, '..');
const SCREENSHOTS = join(ROOT, 'test-output');

/**
 * The web console in a real browser (Debian's Chromium, driven by playwright-core) against the real API over HTTP:
 * built by Vite as npm run build builds it, served by the API at /console/. Signs in, compares the overview's figures
 * with the API's, watches a red card arrive live, checks what a department key sees, opens a case's reconstruction
 * and downloads its dossier, which the offline verifier accepts. A screenshot of every page goes to test-output/.
 */
/**
 * The environment without libfaketime (`npm run test:shifted`): Chromium started under its LD_PRELOAD does not
 * answer; pages get the shifted time from the test instead (openPage).
 */
function withoutFakeTime(env: NodeJS.ProcessEnv): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || name.startsWith('FAKETIME')) continue;
    kept[name] =
      name === 'LD_PRELOAD'
        ? value
            .split(/[:\s]+/)
            .filter((lib) => !lib.includes('faketime'))
            .join(':')
        : value;
  }
  return kept;
}

describe('web console (/console)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let consoleDir: string;
  let key: Record<string, string> = {};
  let sequence = 0;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
    }
    consoleDir = mkdtempSync(join(tmpdir(), 'console-'));
    // As npm run build:console builds it (Vite is ESM only: run as a process, not required).
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        'apps/console/vite.config.mts',
        '--outDir',
        consoleDir,
        '--emptyOutDir',
      ],
      { cwd: ROOT, stdio: 'pipe', env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } },
    );
    mkdirSync(SCREENSHOTS, { recursive: true });
    ({ t, key } = await appWithLicensingPower(LICENSING, { CONSOLE_DIR: consoleDir }));
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      env: withoutFakeTime(process.env),
      // As root, without a GPU, and without the background traffic a closed network refuses.
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (consoleDir) rmSync(consoleDir, { recursive: true, force: true });
  });

  const post = async (path: string, body: object, who: string) => {
    const response = await t
      .http()
      .post(path)
      .set({ Authorization: `Bearer ${key[who]}` })
      .send(body);
    if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${response.text}`);
    return response.body as { position: number; id?: string };
  };
  const get = async (path: string, who: string): Promise<unknown> => {
    const response = await t
      .http()
      .get(path)
      .set({ Authorization: `Bearer ${key[who]}` });
    return response.body as unknown;
  };

  /** A licence of YCJ accepted 2025-03-03 and completed 2025-03-12, past its committed deadline: a red ground-7 card. */
  async function lateLicence(): Promise<{ id: string; position: number }> {
    const id = `console-${(sequence += 1)}`;
    await post(
      '/v1/operations',
      {
        id,
        powerCode: LICENSING,
        caseNumber: `宁烟许〔2025〕9${sequence}号`,
        counterparty: { kind: 'person', name: '陈小明' },
        handlers: [{ name: '王五', post: '专卖管理科科员' }],
        acceptedAt: '2025-03-03T09:00:00+08:00',
      },
      'YCJ',
    );
    const completed = await post(`/v1/operations/${id}/completion`, { at: '2025-03-12T10:00:00+08:00' }, 'YCJ');
    return { id, position: completed.position };
  }

  /** A page whose clock is this process's, which `npm run test:shifted` moves (the browser itself is not shifted). */
  async function openPage(options: BrowserContextOptions = {}): Promise<Page> {
    const page = await browser.newPage(options);
    await page.clock.install({ time: Date.now() });
    return page;
  }

  async function signIn(who: string): Promise<Page> {
    const page = await openPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/console/`);
    await page.fill('input[name=key]', key[who]);
    await page.click('button[type=submit]');
    await page.waitForSelector('.sidebar');
    expect(errors).toEqual([]);
    return page;
  }

  const shoot = (page: Page, name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `console-${name}.png`), fullPage: true });

  it('refuses a wrong key with the reason, and serves nothing but the console under /console/', async () => {
    const page = await openPage();
    await page.goto(`${base}/console`);
    expect(page.url()).toBe(`${base}/console/`);
    await page.fill('input[name=key]', 'psk_wrong');
    await page.click('button[type=submit]');
    await expect(page.locator('[role=alert]').textContent()).resolves.toMatch(/密钥无效/);
    await shoot(page, 'sign-in');
    await page.close();
  });

  it('shows the overview figures the API gives, for the supervision office', async () => {
    await lateLicence();
    const page = await signIn('supervisor');
    await page.fill('input[name=period]', '2025-03');
    const api = (await get('/v1/dashboard/overview?period=2025-03', 'supervisor')) as {
      figures: { key: string; value: number | null }[];
    };
    const registered = api.figures.find((f) => f.key === 'operations.registered')!;
    expect(registered.value).toBeGreaterThan(0);
    await page.waitForFunction(
      (expected) =>
        document.querySelector('[data-figure="operations.registered"] .figure-value')?.textContent === expected,
      String(registered.value),
    );
    const shown = await page.$$eval('[data-figure]', (cards) =>
      cards.map((card) => ({
        key: card.getAttribute('data-figure')!,
        text: card.querySelector('.figure-value')!.textContent,
      })),
    );
    expect(shown.length).toBeGreaterThanOrEqual(10);
    for (const { key: figure, text } of shown) {
      const value = api.figures.find((f) => f.key === figure)!.value;
      expect(text).toBe(value === null ? '—' : `${value}${figure.startsWith('rates.') ? '%' : ''}`);
    }
    await page.waitForSelector('[data-testid=series-chart] canvas');
    await shoot(page, 'overview');
    // A figure opens the items behind it.
    await page.click('[data-figure="operations.completedLate"]');
    await page.waitForSelector('[data-testid=figure-items] a');
    await expect(page.locator('[data-testid=figure-items] a').first().textContent()).resolves.toMatch(/^console-/);
    await page.close();
  });

  it('shows a red card on 红黄牌 as it is raised, without a reload', async () => {
    const page = await signIn('supervisor');
    await page.click('a[data-page="/alerts"]');
    await page.waitForSelector('[data-testid=live-state]:has-text("实时")');
    const { id } = await lateLicence();
    // The delay itself is measured by npm run bench:alerts; here a generous bound only tells a push from a reload.
    // The late licence raises a yellow card too (recorded late); the red one is the row with the red badge.
    const row = page
      .locator('[data-testid=alerts] tr', { hasText: id })
      .filter({ has: page.locator('.badge.red') })
      .first();
    await row.waitFor({ timeout: 5_000 });
    await expect(row.locator('.tag.bad').textContent()).resolves.toBe('新');
    await shoot(page, 'alerts');
    await row.click();
    await page.waitForSelector('.detail >> text=证据（事件 ID）');
    await shoot(page, 'alert-detail');
    await page.close();
  });

  it('shows a department key its own department only', async () => {
    const page = await signIn('ZFJ');
    await expect(page.locator('select[name=department]').count()).resolves.toBe(0);
    await page.waitForSelector('[data-testid=overview-scope]');
    await expect(page.locator('[data-testid=overview-scope]').textContent()).resolves.toMatch(/ZFJ/);
    await page.click('a[data-page="/alerts"]');
    await page.waitForSelector('[data-testid=alerts] td');
    await expect(page.locator('[data-testid=alerts] td.empty').count()).resolves.toBe(1);
    await page.click('a[data-page="/operations"]');
    await page.waitForSelector('[data-testid=operations] td.empty');
    await shoot(page, 'department-operations');
    await page.close();
    const own = await signIn('YCJ');
    await own.click('a[data-page="/alerts"]');
    await own.waitForSelector('[data-testid=alerts] .badge');
    const departments = await own.$$eval('[data-testid=alerts] tbody tr td:nth-child(4)', (cells) =>
      cells.map((cell) => cell.textContent),
    );
    expect(new Set(departments)).toEqual(new Set(['YCJ']));
    await own.close();
  });

  it('opens a case’s reconstruction and downloads a dossier the offline verifier accepts', async () => {
    const { id: operationId, position } = await lateLicence();
    const alerts = (await get(`/v1/alerts?limit=500&minPosition=${position}`, 'supervisor')) as {
      items: { id: string; subject: { id: string } }[];
    };
    const alert = alerts.items.find((a) => a.subject.id === operationId && a.id.includes(':g7:'))!;
    const opened = await post(
      '/v1/cases',
      {
        origins: [{ kind: 'alert', id: alert.id }],
        grounds: [7],
        departments: ['YCJ'],
        summary: '烟草专卖零售许可超过承诺时限办结',
        openedAt: '2025-03-13T09:00:00+08:00',
      },
      'investigator',
    );
    const page = await signIn('investigator');
    await page.goto(`${base}/console/#/cases?id=${opened.id}`);
    await page.click('[data-action=reconstruction]');
    await page.waitForSelector('[data-testid=reconstruction] li');
    const types = await page.$$eval('[data-testid=reconstruction] li strong', (items) =>
      items.map((i) => i.textContent),
    );
    expect(types).toEqual(expect.arrayContaining(['PowerGranted', 'OperationRegistered', 'AlertRaised', 'CaseOpened']));
    await expect(page.locator('[data-testid=integrity] .tag.bad').count()).resolves.toBe(0);
    await shoot(page, 'case-reconstruction');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=dossier]')]);
    const file = join(consoleDir, 'dossier.zip');
    await download.saveAs(file);
    const report = verifyDossier(readFileSync(file));
    expect(report.ok).toBe(true);
    await page.close();
  });

  it('shows the catalogue, the register and the supervision office’s registers', async () => {
    const page = await signIn('supervisor');
    for (const [path, table] of [
      ['/catalogue', 'powers'],
      ['/operations', 'operations'],
      ['/supervision', 'complaints'],
      ['/cases', 'cases'],
    ]) {
      await page.click(`a[data-page="${path}"]`);
      await page.waitForSelector(`[data-testid=${table}] tbody tr`);
      await shoot(page, path.slice(1));
    }
    await page.click('a[data-page="/catalogue"]');
    await page.locator('[data-testid=powers] tr', { hasText: LICENSING }).click();
    await page.waitForSelector('.detail .timeline li');
    await expect(page.locator('.detail .timeline').textContent()).resolves.toMatch(/设定/);
    await page.close();
  });
});

describe('/console without a build', () => {
  it('answers 404 problem+json saying how to build it', async () => {
    const t = await createTestApp({ CONSOLE_DIR: join(tmpdir(), 'no-console-here') });
    try {
      const redirect = await t.http().get('/console');
      expect(redirect.status).toBe(301);
      expect(redirect.headers.location).toBe('/console/');
      const missing = await t.http().get('/console/');
      expect(missing.status).toBe(404);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(missing.body.detail).toMatch(/npm run build/);
    } finally {
      await t.close();
    }
  });
});
