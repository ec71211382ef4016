// A department clerk sees and acts on the cases dispatched to their unit, and nothing else: not in
// the console (the case page is a 404, lists and search leave it out) and not through the API
// (every read and every action answers 404, and nothing is written).
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act } from '../case-fixtures.js';
import { type TestApp, createTestApp } from '../context.js';
import { type Client, createUnit, createUser, signIn } from '../factories.js';
import { launchChromium, requireBuildAndBrowser, screenshot } from './browser.js';

const TOWNSHIP = '620102001000';
const COUNTY = '620102000000';
const VILLAGE = '620102001001';
const PASSWORD = 'Pingan-Case-Scope-2026';

/** expect.poll with room for a loaded machine (the default gives up after one second). */
function poll<T>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) {
  return expect.poll(fn, { timeout: 10_000, ...options });
}

let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let baseUrl: string;
const pageErrors: string[] = [];

interface Made {
  id: number;
  trackingCode: string;
  title: string;
}

async function intake(client: Client, title: string, phone: string): Promise<Made> {
  const res = await client.inject({
    method: 'POST',
    url: '/api/v1/cases',
    payload: { kind: 'request', channel: 'hotline', categoryCode: '1101', regionCode: VILLAGE, title, description: `${title}，请尽快处理`, reporter: { name: '王五', phone } },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id, trackingCode: res.json().trackingCode, title };
}

async function ok(res: Awaited<ReturnType<Client['inject']>>) {
  expect(res.statusCode, res.body).toBe(200);
}

describe('a department clerk sees only the cases dispatched to their unit (browser and API)', () => {
  let theirs: Made;
  let notTheirs: Made;
  let request: APIRequestContext;
  let csrf = '';
  let operator: Client;

  beforeAll(async () => {
    // PINGAN_WEB_ROOT: a build of one's own while others rebuild web/dist in the same tree.
    t = await createTestApp('sqlite', process.env.PINGAN_WEB_ROOT ? { PINGAN_WEB_ROOT: process.env.PINGAN_WEB_ROOT } : {});
    requireBuildAndBrowser(t.config.webRoot);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
    baseUrl = `http://127.0.0.1:${address.port}`;

    const centre = await createUnit(t.db, { regionCode: TOWNSHIP });
    const housing = await createUnit(t.db, { regionCode: COUNTY, kind: 'department', departmentKind: 'housing', name: '城关区住建局' });
    const police = await createUnit(t.db, { regionCode: TOWNSHIP, kind: 'department', departmentKind: 'police_station', name: '酒泉路派出所' });
    const operatorUser = await createUser(t.db, { grants: [{ role: 'center_operator', unitId: centre.id }] });
    operator = await signIn(t.app, t.db, operatorUser.id);
    await createUser(t.db, { username: 'housing-clerk', password: PASSWORD, displayName: '住建局经办人', grants: [{ role: 'department_handler', unitId: housing.id }] });

    theirs = await intake(operator, '小区供水管道爆裂', '13700001111');
    notTheirs = await intake(operator, '夜市摊贩打架斗殴', '13700002222');
    for (const [made, unitId] of [[theirs, housing.id], [notTheirs, police.id]] as const) {
      await ok(await act(operator, made.id, 'accept'));
      await ok(await act(operator, made.id, 'dispatch', { leadUnitId: unitId }));
    }

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // 404s (and the one 409 of the stale version) are what this test makes the browser meet.
      if (message.type() === 'error' && !/status of 40[149]/.test(message.text())) pageErrors.push(message.text());
    });
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('用户名').fill('housing-clerk');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByLabel('密码').press('Enter');
    await page.waitForURL(`${baseUrl}/`);
    request = context.request;
    csrf = (await context.cookies()).find((c) => c.name === 'pingan_csrf')?.value ?? '';
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('opens the case dispatched to the clerk’s unit', async () => {
    await page.goto(`${baseUrl}/cases/${theirs.id}`);
    await poll(() => page.getByTestId('case-tracking-code').innerText().catch(() => '')).toBe(theirs.trackingCode);
    await poll(() => page.getByTestId('case-actions').getByRole('button').allInnerTexts()).toContain('签收');
    await screenshot(page, 'case-scope-01-own-case');
  });

  it('shows a 404 page for the case dispatched elsewhere, with nothing of it on screen', async () => {
    await page.goto(`${baseUrl}/cases/${notTheirs.id}`);
    await poll(() => page.getByText('案件不存在，或不在您的办理范围内').count()).toBe(1);
    const text = await page.locator('body').innerText();
    expect(text).not.toContain(notTheirs.trackingCode);
    expect(text).not.toContain(notTheirs.title);
    await screenshot(page, 'case-scope-02-not-found');
  });

  it('leaves it out of the worklists, the case search and the full-text search', async () => {
    const menu = page.getByRole('navigation', { name: '主菜单' });
    await menu.getByText('待签收', { exact: true }).click();
    const table = page.getByTestId('worklist-table');
    await poll(() => table.getByRole('link', { name: theirs.trackingCode }).count()).toBe(1);
    expect(await table.innerText()).not.toContain(notTheirs.trackingCode);
    await screenshot(page, 'case-scope-03-worklist');
    await menu.getByText('案件查询', { exact: true }).click();
    await page.waitForURL('**/cases');
    await poll(() => table.getByRole('link', { name: theirs.trackingCode }).count()).toBe(1);
    expect(await table.innerText()).not.toContain(notTheirs.trackingCode);
    await page.getByLabel('全文检索').fill('打架');
    await page.getByLabel('全文检索').press('Enter');
    await poll(() => page.getByText('清单中暂无案件').count()).toBe(1);
    await screenshot(page, 'case-scope-04-search-empty');
    // The menu offers a clerk no centre pages.
    expect(await menu.getByText('热线受理', { exact: true }).count()).toBe(0);
    expect(await menu.getByText('派单台', { exact: true }).count()).toBe(0);
    await page.goto(`${baseUrl}/dispatch`);
    await poll(() => page.getByText('您没有访问此页面的权限').count()).toBe(1);
  });

  it('answers 404 through the API to every read and action, and writes nothing', async () => {
    const before = await t.db.selectFrom('cases').select(['version', 'status']).where('id', '=', notTheirs.id).executeTakeFirstOrThrow();
    for (const path of ['', '/actions', '/timeline', '/personal-data', '/related', '/attachments', '/supervisions']) {
      const res = await request.get(`${baseUrl}/api/v1/cases/${notTheirs.id}${path}`);
      expect(res.status(), `GET /cases/{id}${path}`).toBe(404);
      expect(res.headers()['content-type']).toContain('application/problem+json');
    }
    for (const [action, body] of [
      ['acknowledge', {}],
      ['return', { reason: '不是我们的' }],
      ['add_note', { text: '看看' }],
      ['resolve', { result: 'fixed', resultText: '已处理' }],
    ] as const) {
      const res = await request.post(`${baseUrl}/api/v1/cases/${notTheirs.id}/actions/${action}`, { headers: { 'x-csrf-token': csrf }, data: { version: before.version, ...body } });
      expect(res.status(), action).toBe(404);
    }
    const after = await t.db.selectFrom('cases').select(['version', 'status']).where('id', '=', notTheirs.id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    const events = await t.db.selectFrom('case_events').select('action').where('case_id', '=', notTheirs.id).execute();
    expect(events.map((e) => e.action)).toEqual(['submit', 'accept', 'dispatch']);

    const ids = async (url: string) => ((await (await request.get(`${baseUrl}/api/v1${url}`)).json()) as { items: Array<{ id: number }> }).items.map((i) => i.id);
    expect(await ids('/cases')).toEqual([theirs.id]);
    expect(await ids(`/cases?q=${encodeURIComponent('打架')}`)).toEqual([]);
    expect(await ids('/worklists/to_acknowledge')).toEqual([theirs.id]);
    expect(await ids('/cases/by-phone?phone=13700002222')).toEqual([]);
    expect(await ids('/cases/by-phone?phone=13700001111')).toEqual([theirs.id]);
    const counts = (await (await request.get(`${baseUrl}/api/v1/worklists`)).json()) as Record<string, number>;
    expect(counts.to_acknowledge).toBe(1);
    // The dispatch board's load is for centres.
    expect((await request.get(`${baseUrl}/api/v1/units/load?region=${VILLAGE}`)).status()).toBe(403);
  });

  it('acts on its own case through the UI; a stale version explains itself and reloads', async () => {
    await page.goto(`${baseUrl}/cases/${theirs.id}`);
    const actions = page.getByTestId('case-actions');
    await actions.getByRole('button', { name: '签收', exact: true }).click();
    // The centre adds a note while the clerk's form is open: the version the page read is stale.
    await ok(await act(operator, theirs.id, 'add_note', { text: '来电人再次催办' }));
    await actions.getByRole('button', { name: '确认签收' }).click();
    await poll(() => actions.getByRole('alert').innerText().catch(() => '')).toContain('案件已被他人更新');
    expect(await page.getByTestId('case-status').innerText()).toBe('已派单');
    await poll(() => page.getByTestId('case-timeline').innerText()).toContain('来电人再次催办');
    await screenshot(page, 'case-scope-05-stale-version');
    // The form stayed open; confirming again sends the version just read.
    await actions.getByRole('button', { name: '确认签收' }).click();
    await poll(() => page.getByTestId('case-status').innerText()).toBe('已签收');
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
