// The command dashboard in Debian's chromium against the real server: cases made through the API,
// then the dashboard of a province head (map of the cities, drill into 兰州市 and see its counties),
// the full-screen 大屏 at 1920 × 1080, and a county head's page at 1280 px. Every number checked on
// the page is compared with GET /api/v1/analytics/summary (and the dashboard's other reads) for the
// same region and period. SQLite only: the browser adds nothing per dialect.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTY, type CaseWorld, OTHER_TOWNSHIP, TOWNSHIP, act, createCaseWorld, disputeBody } from '../case-fixtures.js';
import { type TestApp, createTestApp } from '../context.js';
import { type Client, createUnit, createUser, signIn } from '../factories.js';
import { launchChromium, requireBuildAndBrowser, screenshot } from './browser.js';

const PASSWORD = 'Dashboard-2026-secure';
const PROVINCE = '620000000000';
const CITY = '620100000000';
const KPIS = ['received', 'resolved', 'overdue', 'escalated', 'reopened', 'medianHandlingHours'] as const;
const RATES = ['responseRate', 'resolutionRate', 'satisfactionRate'] as const;

interface Measures {
  [name: string]: number | null;
}
interface Group {
  key: string;
  label: string | null;
  current: Measures;
  change: { vsPrevious: Record<string, { absolute: number | null; relative: number | null }>; vsLastYear: Record<string, { absolute: number | null; relative: number | null }> };
}
interface Summary {
  region: { code: string; name: string };
  totals: Group;
  groups: Group[];
}

let t: TestApp;
let w: CaseWorld;
let browser: Browser;
let baseUrl: string;
let provinceHead: Client;
let countyHead: Client;
const pageErrors: string[] = [];

/** Today in UTC+8 and 29 days before: the dashboard's default period (近30天). */
function last30Days(): { from: string; to: string } {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  return { from, to: today };
}

async function summary(client: Client, region: string, groupBy: string): Promise<Summary> {
  const { from, to } = last30Days();
  const res = await client.inject({ method: 'GET', url: `/api/v1/analytics/summary?region=${region}&from=${from}&to=${to}&groupBy=${groupBy}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Summary>();
}

/** The page's formatting of a change (format.ts), to compare the text shown with the API's value. */
function changeText(measure: string, change: { absolute: number | null; relative: number | null }): string {
  const fixed = (n: number) => `${n > 0 ? '+' : ''}${n.toLocaleString('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}`;
  if (measure.endsWith('Rate')) return change.absolute === null ? '—' : `${fixed(change.absolute * 100)} pt`;
  if (change.relative === null) return change.absolute === null || change.absolute === 0 ? '—' : `${change.absolute > 0 ? '+' : ''}${change.absolute}`;
  return `${fixed(change.relative * 100)}%`;
}

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 401/.test(message.text())) pageErrors.push(message.text());
  });
  return page;
}

async function signInThroughForm(page: Page, username: string, next: string) {
  await page.goto(`${baseUrl}${next}`);
  await page.waitForURL('**/login**');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByLabel('密码').press('Enter');
  await page.waitForURL((url) => url.pathname === next.split('?')[0]);
}

/** Waits until the dashboard has loaded the region and no read is in flight. */
async function loaded(page: Page, testId: string, region: string) {
  await expect.poll(() => page.getByTestId(testId).getAttribute('data-loading'), { timeout: 20_000 }).toBe('false');
  await expect.poll(() => page.getByTestId('kpi-received').count(), { timeout: 20_000 }).toBe(1);
  await expect.poll(() => page.getByTestId(testId).getAttribute('data-region'), { timeout: 20_000 }).toBe(region);
  await expect.poll(() => page.getByTestId(testId).getAttribute('data-loading')).toBe('false');
}

/** Every KPI and rate on the page equals the API's totals, value and both changes. */
async function expectTotalsMatch(page: Page, api: Summary) {
  for (const m of [...KPIS, ...RATES]) {
    const box = page.getByTestId(m.endsWith('Rate') ? `rate-${m}` : `kpi-${m}`);
    const shown = await box.locator('[data-value]').first().getAttribute('data-value');
    expect(JSON.parse(shown ?? 'undefined'), m).toEqual(api.totals.current[m]);
    expect(await box.locator('[data-change="previous"]').innerText(), `${m} vs previous`).toBe(changeText(m, api.totals.change.vsPrevious[m] ?? { absolute: null, relative: null }));
    expect(await box.locator('[data-change="lastYear"]').innerText(), `${m} vs last year`).toBe(changeText(m, api.totals.change.vsLastYear[m] ?? { absolute: null, relative: null }));
  }
  expect(await page.getByTestId('kpi-received').locator('[data-value]').innerText()).toBe(String(api.totals.current.received));
}

/** The map's table lists the region's children with the API's values of the chosen measure. */
async function expectMapMatches(page: Page, api: Summary, measure: string) {
  const rows = page.getByTestId('map-table').locator('tbody tr');
  await expect.poll(() => rows.count()).toBeGreaterThan(0);
  const read = () => rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-code'), tr.querySelector('th')?.textContent, tr.querySelector('td')?.getAttribute('data-value')]));
  // The table of the measure chosen a moment ago may still be drawing: wait until it shows that
  // measure's values (each row against the API's), then check every row once more.
  const mismatches = async () =>
    (await read()).filter(([code, , value]) => {
      const group = api.groups.find((g) => g.key === code);
      return group === undefined || JSON.stringify(JSON.parse(value ?? 'null')) !== JSON.stringify(group.current[measure] ?? null);
    }).length;
  await expect.poll(mismatches).toBe(0);
  const shown = await read();
  for (const [code, name, value] of shown) {
    const group = api.groups.find((g) => g.key === code);
    expect(group, `${code} ${name}`).toBeDefined();
    expect(JSON.parse(value ?? 'undefined'), `${name}`).toEqual(group?.current[measure] ?? null);
  }
  return shown.map(([, name]) => name);
}

describe('command dashboard (browser)', () => {
  beforeAll(async () => {
    // PINGAN_WEB_ROOT: a build of one's own, while others rebuild web/dist in the same tree.
    t = await createTestApp('sqlite', process.env.PINGAN_WEB_ROOT ? { PINGAN_WEB_ROOT: process.env.PINGAN_WEB_ROOT } : {});
    requireBuildAndBrowser(t.config.webRoot);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
    baseUrl = `http://127.0.0.1:${address.port}`;
    w = await createCaseWorld(t.app, t.db);

    const province = await createUnit(t.db, { regionCode: PROVINCE });
    const head = await createUser(t.db, { username: 'sheng_head', password: PASSWORD, displayName: '省综治中心主任', grants: [{ role: 'center_head', unitId: province.id }] });
    provinceHead = await signIn(t.app, t.db, head.id);
    const county = await createUser(t.db, { username: 'qu_head', password: PASSWORD, displayName: '城关区综治中心主任', grants: [{ role: 'center_head', unitId: w.countyCenterId }] });
    countyHead = await signIn(t.app, t.db, county.id);

    // Five cases in 酒泉路街道: two resolved and followed up (one satisfied, one not), one rejected,
    // one in progress at the judicial office, one waiting to be accepted.
    const create = async (title: string, categoryCode = '0201') => {
      const res = await w.operator.inject({ method: 'POST', url: '/api/v1/cases', payload: { ...disputeBody, title, categoryCode } });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { id: number }).id;
    };
    const must = async (client: Client, id: number, action: string, body: Record<string, unknown> = {}) => {
      const res = await act(client, id, action, body);
      expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
    };
    for (const [i, satisfaction] of [['一', 'satisfied'], ['二', 'unsatisfied']] as const) {
      const id = await create(`楼道堆物纠纷${i}`);
      await must(w.operator, id, 'accept');
      await must(w.operator, id, 'dispatch', { leadUnitId: w.judicial.id });
      await must(w.judicial.client, id, 'acknowledge');
      await must(w.judicial.client, id, 'start');
      await must(w.judicial.client, id, 'resolve', { result: 'mediated_agreement', resultText: '双方达成调解协议，杂物已清理' });
      await must(w.operator, id, 'follow_up', { method: 'phone', satisfaction });
    }
    const rejected = await create('重复来电咨询');
    await must(w.operator, rejected, 'reject', { reason: '非本平台受理范围' });
    const working = await create('噪音扰民纠纷');
    await must(w.operator, working, 'accept');
    await must(w.operator, working, 'dispatch', { leadUnitId: w.judicial.id });
    await must(w.judicial.client, working, 'acknowledge');
    await create('占道经营投诉', '0201');

    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("shows a province head the map of the province's cities with the API's numbers", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await newPage(context);
    await signInThroughForm(page, 'sheng_head', '/dashboard');
    await loaded(page, 'dashboard', PROVINCE);
    const api = await summary(provinceHead, PROVINCE, 'region');
    expect(api.totals.current.received).toBe(5);
    await expectTotalsMatch(page, api);

    // The map: a canvas drawn by ECharts, described (aria) with the cities' names, and its table.
    const chart = page.getByTestId('map-chart');
    await expect.poll(() => chart.locator('canvas').count()).toBeGreaterThan(0);
    await expect.poll(() => chart.getAttribute('aria-label')).toContain('兰州市');
    const cities = await expectMapMatches(page, api, 'received');
    expect(cities).toHaveLength(14);
    expect(cities).toContain('酒泉市');
    expect(await page.getByTestId('map-table').locator('tr[data-code="620100000000"] td').innerText()).toBe('5');

    // The other panels, against their own reads.
    const categories = await summary(provinceHead, PROVINCE, 'category');
    const top = categories.groups.filter((g) => (g.current.received ?? 0) > 0);
    const list = page.getByTestId('category-list').locator('li');
    await expect.poll(() => list.count()).toBe(top.length);
    for (const g of top) {
      const row = page.getByTestId('category-list').locator(`li[data-key="${g.key}"]`);
      expect(await row.locator('[data-value]').getAttribute('data-value')).toBe(String(g.current.received));
      expect(await row.innerText()).toContain(g.label ?? g.key);
    }
    const ranking = (await provinceHead.inject({ method: 'GET', url: `/api/v1/analytics/overdue-units?region=${PROVINCE}&limit=10` })).json();
    expect(await page.getByTestId('overdue-unit-list').locator('li').count()).toBe(ranking.items.length);
    const targets = (await provinceHead.inject({ method: 'GET', url: '/api/v1/analytics/targets' })).json();
    expect(await page.getByTestId('rate-resolutionRate').locator('[data-target]').getAttribute('data-target')).toBe(String(targets.resolutionRate));
    const { from, to } = last30Days();
    const warnings = (await provinceHead.inject({ method: 'GET', url: `/api/v1/analytics/warnings?region=${PROVINCE}&from=${from}&to=${to}` })).json();
    for (const tier of warnings.byTier) {
      expect(await page.getByTestId(`tier-${tier.tier}`).locator('[data-value]').getAttribute('data-value')).toBe(String(tier.current.raised));
    }
    await screenshot(page, 'dashboard-01-province-1280');

    // Drill into 兰州市: its counties, with the API's numbers for the city.
    // The selects are keyboard operable: focus, open with the arrow key, pick.
    await page.getByRole('combobox', { name: '下钻到…' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.locator('.ant-select-item-option').filter({ hasText: '兰州市' }).click();
    await loaded(page, 'dashboard', CITY);
    await expect.poll(() => page.getByTestId('region-map').getAttribute('data-region')).toBe(CITY);
    const city = await summary(provinceHead, CITY, 'region');
    await expectTotalsMatch(page, city);
    const counties = await expectMapMatches(page, city, 'received');
    expect(counties).toContain('城关区');
    expect(counties).toContain('榆中县');
    await expect.poll(() => page.getByTestId('map-chart').getAttribute('aria-label')).toContain('城关区');
    expect(await page.getByTestId('map-table').locator(`tr[data-code="${COUNTY}"] td`).innerText()).toBe('5');

    // Colour by the resolution rate: the table shows the API's rate of each county.
    await page.getByRole('combobox', { name: '着色指标' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.locator('.ant-select-item-option').filter({ hasText: '解决率' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('measure')).toBe('resolutionRate');
    await expectMapMatches(page, city, 'resolutionRate');
    expect(await page.getByTestId('map-table').locator(`tr[data-code="${COUNTY}"] td`).innerText()).toBe(`${((city.groups.find((g) => g.key === COUNTY)?.current.resolutionRate ?? 0) * 100).toFixed(1)}%`);
    await page.keyboard.press('Escape');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'dashboard-02-city-drill-1280');

    // And back up to the province.
    await page.getByRole('button', { name: '返回上级' }).click();
    await loaded(page, 'dashboard', PROVINCE);
    await expect.poll(() => page.getByTestId('region-map').getAttribute('data-region')).toBe(PROVINCE);

    // A click on the map drills too: 酒泉市 fills the north-west of the province's map.
    await page.waitForTimeout(600); // the map's entry animation
    const box = await page.getByTestId('map-chart').boundingBox();
    if (!box) throw new Error('the map has no box');
    await page.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.3);
    await loaded(page, 'dashboard', '620900000000');
    const jiuquan = await summary(provinceHead, '620900000000', 'region');
    expect(await expectMapMatches(page, jiuquan, 'resolutionRate')).toContain('敦煌市');
    await context.close();
  });

  it('draws the full-screen 大屏 at 1920 × 1080 without the console frame', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const page = await newPage(context);
    await signInThroughForm(page, 'sheng_head', '/dashboard/screen');
    await loaded(page, 'dashboard-screen', PROVINCE);
    expect(await page.getByRole('navigation', { name: '主菜单' }).count()).toBe(0);
    await expect.poll(() => page.getByTestId('map-chart').locator('canvas').count()).toBeGreaterThan(0);
    await expectTotalsMatch(page, await summary(provinceHead, PROVINCE, 'region'));
    // Nothing spills past the screen's width.
    expect(await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight])).toEqual([1920, 1080]);
    await page.waitForTimeout(600); // the map's entry animation
    await screenshot(page, 'dashboard-03-screen-1920');
    await context.close();
  });

  it("shows a county head their county's townships and moves with a new case", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await newPage(context);
    await signInThroughForm(page, 'qu_head', '/dashboard');
    await loaded(page, 'dashboard', COUNTY);
    const before = await summary(countyHead, COUNTY, 'region');
    await expectTotalsMatch(page, before);
    const townships = page.getByTestId('breakdown-list');
    expect(await townships.locator(`li[data-key="${TOWNSHIP}"] [data-value]`).getAttribute('data-value')).toBe(String(before.groups.find((g) => g.key === TOWNSHIP)?.current.received));
    expect(await townships.innerText()).toContain('酒泉路街道');
    // Other regions are out of reach: a region outside the county in the URL falls back to it.
    await page.goto(`${baseUrl}/dashboard?region=${CITY}`);
    await loaded(page, 'dashboard', COUNTY);
    expect(await page.getByTestId('map-panel').innerText()).toContain('城关区');

    // A new case: the live stream reloads the numbers without touching the page.
    const created = await w.operator.inject({ method: 'POST', url: '/api/v1/cases', payload: { ...disputeBody, title: '夜间施工扰民' } });
    expect(created.statusCode).toBe(201);
    await expect.poll(() => page.getByTestId('kpi-received').locator('[data-value]').getAttribute('data-value'), { timeout: 20_000 }).toBe(String(Number(before.totals.current.received) + 1));
    await loaded(page, 'dashboard', COUNTY);
    await expectTotalsMatch(page, await summary(countyHead, COUNTY, 'region'));
    await screenshot(page, 'dashboard-04-county-1280');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    // The same page on a wide screen: six figures in a row, nothing spilling.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1920);
    const tops = await page.getByTestId('kpis').locator('[data-testid^="kpi-"]').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);
    await screenshot(page, 'dashboard-06-county-1920');
    await context.close();
  });

  it('lets an operator of two townships switch between them, broken down by channel', async () => {
    const second = await createUnit(t.db, { regionCode: OTHER_TOWNSHIP });
    const user = await createUser(t.db, { username: 'liang_jie', password: PASSWORD, displayName: '两街道工作人员', grants: [{ role: 'center_operator', unitId: w.townshipCenterId }, { role: 'center_operator', unitId: second.id }] });
    const client = await signIn(t.app, t.db, user.id);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await newPage(context);
    await signInThroughForm(page, 'liang_jie', '/dashboard');
    await loaded(page, 'dashboard', TOWNSHIP);
    const own = await summary(client, TOWNSHIP, 'channel');
    await expectTotalsMatch(page, own);
    expect(await page.getByTestId('breakdown-list').locator('li[data-key="hotline"] [data-value]').getAttribute('data-value')).toBe(String(own.groups.find((g) => g.key === 'hotline')?.current.received));
    expect(await page.getByTestId('breakdown-list').innerText()).toContain('12345热线');
    await page.getByRole('combobox', { name: '我的辖区' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.locator('.ant-select-item-option').filter({ hasText: '张掖路街道' }).click();
    await loaded(page, 'dashboard', OTHER_TOWNSHIP);
    await expectTotalsMatch(page, await summary(client, OTHER_TOWNSHIP, 'channel'));
    await context.close();
  });

  it('reads in English, numbers unchanged', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await context.addInitScript(() => localStorage.setItem('pingan.language', 'en'));
    const page = await newPage(context);
    await page.goto(`${baseUrl}/dashboard`);
    await page.waitForURL('**/login**');
    await page.getByLabel('Username').fill('qu_head');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await page.waitForURL((url) => url.pathname === '/dashboard');
    await loaded(page, 'dashboard', COUNTY);
    const labels = await page.getByTestId('kpis').locator('[data-testid^="kpi-"] > div:first-child').allInnerTexts();
    expect(labels).toEqual(['Received', 'Resolved', 'Overdue', 'Escalated', 'Reopened', 'Median handling time (h)']);
    // Panel titles are translated; region names are data and stay as they are.
    for (const title of await page.locator('h2').allInnerTexts()) expect(title.replace('城关区', '')).not.toMatch(/[\u4e00-\u9fff]/);
    await expectTotalsMatch(page, await summary(countyHead, COUNTY, 'region'));
    // Category names are data with an English version: shown in English.
    const categories = (await countyHead.inject({ method: 'GET', url: '/api/v1/categories' })).json().items as Array<{ code: string; nameEn: string }>;
    expect(await page.getByTestId('category-list').innerText()).toContain(categories.find((c) => c.code === '02')?.nameEn ?? '?');
    await screenshot(page, 'dashboard-05-county-english');
    await context.close();
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
