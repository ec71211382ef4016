// The whole life of a case through the console, each role in its own browser context signed in
// through the login form: the operator takes a hotline call with the keyboard alone, accepts it;
// the dispatcher blows the whistle for two departments; both acknowledge; the lead returns it; it
// is re-dispatched, resolved, followed up (unsatisfied), reopened, resolved again, followed up and
// closed. The analytics summary moves accordingly. Live updates reach an open worklist without
// moving it. Screenshots of every page go to test-results/screenshots/case-life-NN-*.png.
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../context.js';
import { createUnit, createUser } from '../factories.js';
import { launchChromium, requireBuildAndBrowser, screenshot } from './browser.js';

const TOWNSHIP = '620102001000'; // 酒泉路街道, 城关区
const COUNTY = '620102000000';
const VILLAGE = '620102001001'; // 畅家巷社区居委会
const PASSWORD = 'Pingan-Case-Life-2026';
const PHONE = '13912345678';

/** expect.poll with room for a loaded machine (the default gives up after one second). */
function poll<T>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) {
  return expect.poll(fn, { timeout: 10_000, ...options });
}

let t: TestApp;
let browser: Browser;
let baseUrl: string;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
let shot = 0;
let caseId = 0;
let trackingCode = '';

async function snap(page: Page, what: string) {
  shot++;
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await screenshot(page, `case-life-${String(shot).padStart(2, '0')}-${what}`);
}

/** A new browser context signed in through the login form as `username`. */
async function signInPage(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${username}: ${error.message}`));
  page.on('console', (message) => {
    // The browser logs every 4xx answer; the session probe on /login is meant to be 401.
    if (message.type() === 'error' && !/status of 40[19]/.test(message.text())) pageErrors.push(`${username}: ${message.text()}`);
  });
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByLabel('密码').press('Enter');
  await page.waitForURL(`${baseUrl}/`);
  return page;
}

function menu(page: Page) {
  return page.getByRole('navigation', { name: '主菜单' });
}

async function openCase(page: Page) {
  await page.goto(`${baseUrl}/cases/${caseId}`);
  await poll(() => page.getByTestId('case-tracking-code').innerText().catch(() => '')).toBe(trackingCode);
}

async function status(page: Page) {
  return page.getByTestId('case-status').innerText().catch(() => '');
}

/** Opens an allowed action's form, lets `fill` fill it, confirms, and waits for the form to close. */
async function act(page: Page, label: string, fill: (form: ReturnType<Page['locator']>) => Promise<void> = async () => undefined) {
  const actions = page.getByTestId('case-actions');
  await actions.getByRole('button', { name: label, exact: true }).click();
  const form = actions.locator('form');
  await form.waitFor();
  await fill(form);
  await form.getByRole('button', { name: `确认${label}` }).click();
  await form.waitFor({ state: 'detached' });
}

async function pick(page: Page, form: ReturnType<Page['locator']>, label: string, option: string) {
  await form.getByLabel(label).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

async function versionOf(id: number): Promise<number> {
  return (await t.db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
}

async function allowedActions(page: Page): Promise<string[]> {
  return page.getByTestId('case-actions').getByRole('button').allInnerTexts();
}

describe('the life of a case through the console (browser)', () => {
  let operator: Page;
  let dispatcher: Page;
  let judicial: Page;
  let police: Page;
  let judicialUnitId = 0;
  let policeUnitId = 0;

  beforeAll(async () => {
    // PINGAN_WEB_ROOT: a build of one's own while others rebuild web/dist in the same tree.
    t = await createTestApp('sqlite', process.env.PINGAN_WEB_ROOT ? { PINGAN_WEB_ROOT: process.env.PINGAN_WEB_ROOT } : {});
    requireBuildAndBrowser(t.config.webRoot);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
    baseUrl = `http://127.0.0.1:${address.port}`;
    const centre = await createUnit(t.db, { regionCode: TOWNSHIP });
    await createUnit(t.db, { regionCode: COUNTY });
    const judicialUnit = await createUnit(t.db, { regionCode: COUNTY, kind: 'department', departmentKind: 'judicial_office', name: '城关区司法局' });
    const policeUnit = await createUnit(t.db, { regionCode: TOWNSHIP, kind: 'department', departmentKind: 'police_station', name: '酒泉路派出所' });
    judicialUnitId = judicialUnit.id;
    policeUnitId = policeUnit.id;
    const user = (username: string, displayName: string, role: 'center_operator' | 'department_handler', unitId: number) =>
      createUser(t.db, { username, password: PASSWORD, displayName, grants: [{ role, unitId }] });
    await user('operator', '热线接线员', 'center_operator', centre.id);
    await user('dispatcher', '中心派单员', 'center_operator', centre.id);
    await user('judicial', '司法局经办人', 'department_handler', judicialUnit.id);
    await user('police', '派出所经办人', 'department_handler', policeUnit.id);
    browser = await launchChromium();
    operator = await signInPage('operator');
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.close();
  });

  it('takes a hotline call with the keyboard alone', async () => {
    await menu(operator).getByText('热线受理', { exact: true }).click();
    await operator.waitForURL('**/hotline');
    // The phone field has the focus: the operator types straight away.
    await poll(() => operator.evaluate(() => document.activeElement?.id)).toBe('reporter_phone');
    await operator.keyboard.type(PHONE);
    await operator.keyboard.press('Tab');
    await operator.keyboard.type('李四');
    await operator.keyboard.press('Tab');
    await operator.keyboard.type('楼上漏水到我家');
    await operator.keyboard.press('Tab');
    await operator.keyboard.type('楼上住户水管破裂，漏水渗到我家天花板，多次沟通无果。');
    await operator.keyboard.press('Tab');
    // The category is suggested from the text; Tab takes it and moves on to the place.
    await poll(() => operator.getByTestId('category-suggestion').innerText().catch(() => '')).toContain('漏水采光');
    await operator.keyboard.press('Tab');
    await operator.keyboard.type('畅家巷');
    await operator.locator(`[data-region-option="${VILLAGE}"]`).waitFor();
    await snap(operator, 'hotline-typing');
    await operator.keyboard.press('Enter');
    await poll(() => operator.getByLabel('所在村（社区）').inputValue()).toContain('畅家巷社区居委会');
    await operator.keyboard.press('Enter');
    await poll(() => operator.getByTestId('tracking-code').innerText().catch(() => ''), { timeout: 10_000 }).toMatch(/^GS\d{10,}$/);
    trackingCode = await operator.getByTestId('tracking-code').innerText();
    // A clean form for the next call, the cursor back in the phone field.
    await poll(() => operator.evaluate(() => `${document.activeElement?.id}`)).toBe('reporter_phone');
    expect(await operator.getByLabel('诉求标题').inputValue()).toBe('');
    const created = await t.db.selectFrom('cases').select(['id', 'category_code', 'region_code', 'channel', 'title']).where('tracking_code', '=', trackingCode).executeTakeFirstOrThrow();
    expect(created).toMatchObject({ category_code: '0203', region_code: VILLAGE, channel: 'hotline', title: '楼上漏水到我家' });
    caseId = created.id;
    await snap(operator, 'hotline-created');

    // The same caller again: their earlier case shows beside the form as the number is typed.
    await operator.keyboard.type(PHONE);
    await poll(() => operator.getByTestId('caller-history').innerText()).toContain(trackingCode);
    await snap(operator, 'hotline-caller-history');
  });

  it('refuses a double submit: one form, one case', async () => {
    await operator.getByLabel('诉求标题').fill('路灯不亮');
    await operator.getByLabel('诉求内容').fill('小区门口路灯坏了一周');
    await operator.getByLabel('事项分类').fill('办事指南');
    await operator.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '办事指南' }).click();
    await operator.getByLabel('所在村（社区）').fill('畅家巷');
    await operator.locator(`[data-region-option="${VILLAGE}"]`).click();
    const before = Number((await t.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const submit = operator.getByRole('button', { name: '登记' });
    await Promise.all([submit.click(), submit.click({ force: true }), operator.getByLabel('诉求内容').press('Control+Enter')]);
    await poll(() => operator.getByLabel('诉求标题').inputValue()).toBe('');
    const after = Number((await t.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(after - before).toBe(1);
  });

  it('shows the worklist with counts in the menu, and live changes without moving the list', async () => {
    await menu(operator).getByText('待受理', { exact: true }).click();
    await operator.waitForURL('**/worklists/to_accept');
    const table = operator.getByTestId('worklist-table');
    await poll(() => table.getByRole('link', { name: trackingCode }).count()).toBe(1);
    await poll(() => operator.locator('[data-worklist-count="to_accept"]').innerText().catch(() => '')).toBe('2');
    const rowsBefore = await table.locator('tbody tr.ant-table-row').count();
    // Another call comes in at another desk: the open list announces it instead of jumping.
    dispatcher = await signInPage('dispatcher');
    const res = await dispatcher.request.post(`${baseUrl}/api/v1/cases`, {
      headers: { 'x-csrf-token': (await dispatcher.context().cookies()).find((c) => c.name === 'pingan_csrf')?.value ?? '' },
      data: { kind: 'request', channel: 'walk_in', categoryCode: '1101', regionCode: VILLAGE, title: '停水三天', description: '小区停水三天无人通知' },
    });
    expect(res.status()).toBe(201);
    await poll(() => operator.getByTestId('fresh-hint').innerText().catch(() => ''), { timeout: 15_000 }).toContain('1 条新变化');
    expect(await table.locator('tbody tr.ant-table-row').count()).toBe(rowsBefore);
    await poll(() => operator.locator('[data-worklist-count="to_accept"]').innerText().catch(() => ''), { timeout: 15_000 }).toBe('3');
    await snap(operator, 'worklist-live-hint');
    await operator.getByTestId('fresh-hint').click();
    await poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(rowsBefore + 1);
    // Chinese full-text search inside the worklist.
    await operator.getByLabel('全文检索').fill('漏水');
    await operator.getByLabel('全文检索').press('Enter');
    await poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(1);
    expect(await table.innerText()).toContain('楼上漏水到我家');
    expect(await table.innerText()).toContain('畅家巷社区居委会');
    await snap(operator, 'worklist-search');
  });

  it('accepts the case on its page, with personal data masked until shown', async () => {
    await operator.getByTestId('worklist-table').getByRole('link', { name: trackingCode }).click();
    await operator.waitForURL(`**/cases/${caseId}`);
    await poll(() => operator.getByTestId('reporter-phone').innerText().catch(() => '')).toBe('139****5678');
    await operator.getByTestId('reveal-personal-data').click();
    await poll(() => operator.getByTestId('reporter-phone').innerText()).toBe(PHONE);
    const audited = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'case.personal_data_viewed').where('entity_id', '=', String(caseId)).execute();
    expect(audited.length).toBe(1);
    expect(await allowedActions(operator)).toEqual(expect.arrayContaining(['受理', '不予受理']));
    await snap(operator, 'case-submitted');
    await act(operator, '受理');
    await poll(() => status(operator)).toBe('已受理');
    await poll(() => operator.getByTestId('case-timeline').innerText()).toContain('受理');
  });

  it('the dispatcher whistles two departments from the dispatch board', async () => {
    await menu(dispatcher).getByText('派单台', { exact: true }).click();
    await dispatcher.waitForURL('**/dispatch');
    await dispatcher.getByTestId('dispatch-queue').getByRole('button').filter({ hasText: trackingCode }).click();
    await poll(() => dispatcher.getByTestId('proposal').innerText().catch(() => '')).toContain('城关区司法局');
    const load = dispatcher.getByTestId('unit-load');
    await poll(() => load.getByRole('row').filter({ hasText: '酒泉路派出所' }).count()).toBe(1);
    await load.getByRole('row').filter({ hasText: '酒泉路派出所' }).getByRole('button', { name: '召集' }).click();
    await snap(dispatcher, 'dispatch-board');
    await dispatcher.getByTestId('whistle').click();
    await poll(() => dispatcher.getByTestId('dispatch-queue').innerText()).not.toContain(trackingCode);
    const units = await t.db.selectFrom('case_units').select(['unit_id', 'role', 'status']).where('case_id', '=', caseId).orderBy('id').execute();
    expect(units).toEqual([
      { unit_id: judicialUnitId, role: 'lead', status: 'pending' },
      { unit_id: policeUnitId, role: 'co', status: 'pending' },
    ]);
  });

  it('each department acknowledges from its worklist', async () => {
    judicial = await signInPage('judicial');
    police = await signInPage('police');
    for (const [page, name] of [[police, 'police'], [judicial, 'judicial']] as const) {
      await menu(page).getByText('待签收', { exact: true }).click();
      await page.waitForURL('**/worklists/to_acknowledge');
      await poll(() => page.getByTestId('worklist-table').getByRole('link', { name: trackingCode }).count()).toBe(1);
      await snap(page, `worklist-${name}`);
      await page.getByTestId('worklist-table').getByRole('link', { name: trackingCode }).click();
      await poll(() => allowedActions(page)).toContain('签收');
      await act(page, '签收');
    }
    await poll(() => status(judicial)).toBe('已签收');
    await snap(judicial, 'case-acknowledged');
  });

  it('the lead returns it with a reason, and the reason is required', async () => {
    await act(judicial, '退单', async (form) => {
      await form.getByRole('button', { name: '确认退单' }).click();
      await poll(() => form.innerText()).toContain('请填写理由');
      await form.getByLabel('理由').fill('系管道维修问题，应由住建部门牵头');
    });
    await poll(() => status(judicial)).toBe('已退单');
    expect(await allowedActions(judicial)).toEqual([]);
  });

  it('is re-dispatched to the police station, which resolves it', async () => {
    await dispatcher.getByTestId('dispatch-queue').getByRole('button').filter({ hasText: trackingCode }).click({ timeout: 15_000 });
    const load = dispatcher.getByTestId('unit-load');
    await load.getByRole('row').filter({ hasText: '酒泉路派出所' }).getByRole('button', { name: '牵头' }).click();
    await dispatcher.getByRole('button', { name: '派单' }).last().click();
    await poll(() => dispatcher.getByTestId('dispatch-queue').innerText()).not.toContain(trackingCode);

    await openCase(police);
    await poll(() => status(police)).toBe('已派单');
    if ((await allowedActions(police)).includes('签收')) await act(police, '签收');
    await act(police, '开始办理');
    await poll(() => status(police)).toBe('办理中');
    await act(police, '办结', async (form) => {
      await pick(police, form, '办结结果', '已解决');
      await form.getByLabel('办理情况').fill('已协调楼上住户更换水管，漏水停止');
    });
    await poll(() => status(police)).toBe('已办结');
    await snap(police, 'case-resolved');
  });

  it('follow-up unsatisfied → reopen → resolve → follow-up → close', async () => {
    await openCase(operator);
    await act(operator, '回访', async (form) => {
      await pick(operator, form, '回访方式', '电话');
      await form.getByText('不满意', { exact: true }).click();
    });
    await poll(() => allowedActions(operator)).toContain('重新办理');
    await act(operator, '重新办理', async (form) => form.getByLabel('理由').fill('天花板仍在渗水'));
    await poll(() => status(operator)).toBe('办理中');

    await openCase(police);
    await act(police, '办结', async (form) => {
      await pick(police, form, '办结结果', '已解决');
      await form.getByLabel('办理情况').fill('已请物业检修防水层并复查');
    });
    await poll(() => status(police)).toBe('已办结');

    await openCase(operator);
    await act(operator, '回访', async (form) => {
      await pick(operator, form, '回访方式', '电话');
      await form.getByText('满意', { exact: true }).click();
    });
    await act(operator, '结案');
    await poll(() => status(operator)).toBe('已结案');
    const timeline = await operator.getByTestId('case-timeline').innerText();
    for (const step of ['登记', '受理', '吹哨', '签收', '退单', '派单', '开始办理', '办结', '回访', '重新办理', '结案']) expect(timeline).toContain(step);
    await snap(operator, 'case-closed');
  });

  it('moved the analytics summary accordingly', async () => {
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const res = await operator.request.get(`${baseUrl}/api/v1/analytics/summary?region=${TOWNSHIP.slice(0, 9)}&from=${day}&to=${day}`);
    expect(res.status()).toBe(200);
    const current = ((await res.json()) as { totals: { current: Record<string, number | null> } }).totals.current;
    // Three calls taken (this one, the double-submit test's, the walk-in); only this one went on.
    expect(current).toMatchObject({
      received: 3,
      accepted: 1,
      dispatched: 2,
      acknowledged: 2,
      returned: 1,
      resolved: 1,
      reopened: 1,
      followedUp: 2,
      satisfied: 1,
      unsatisfied: 1,
      closed: 1,
    });
    expect(current.satisfactionRate).toBeCloseTo(0.5);
  });

  it('exports the list to xlsx', async () => {
    await menu(operator).getByText('案件查询', { exact: true }).click();
    await operator.waitForURL('**/cases');
    await poll(() => operator.getByTestId('worklist-table').getByRole('link', { name: trackingCode }).count()).toBe(1);
    const [download] = await Promise.all([operator.waitForEvent('download'), operator.getByRole('button', { name: '导出 Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^cases-\d{8}-\d{4}\.xlsx$/);
    const bytes = readFileSync(await download.path());
    const files = unzipSync(new Uint8Array(bytes));
    const strings = strFromU8(files['xl/sharedStrings.xml'] ?? new Uint8Array());
    for (const text of [trackingCode, '楼上漏水到我家', '漏水采光', '已结案', '停水三天', '案件编号']) expect(strings).toContain(text);
  });

  it('bulk dispatches from the to-dispatch worklist and reports the row that failed', async () => {
    const csrf = (await operator.context().cookies()).find((c) => c.name === 'pingan_csrf')?.value ?? '';
    const others = await t.db.selectFrom('cases').select(['id', 'tracking_code']).where('id', '!=', caseId).orderBy('id').execute();
    expect(others.length).toBe(2);
    for (const c of others) {
      const res = await operator.request.post(`${baseUrl}/api/v1/cases/${c.id}/actions/accept`, { headers: { 'x-csrf-token': csrf }, data: { version: await versionOf(c.id) } });
      expect(res.status()).toBe(200);
    }
    await menu(operator).getByText('待派单', { exact: true }).click();
    await operator.waitForURL('**/worklists/to_dispatch');
    const table = operator.getByTestId('worklist-table');
    await poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(2);
    await table.locator('thead .ant-checkbox-input').check();
    await operator.getByRole('combobox', { name: '选择牵头单位' }).click();
    await operator.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '酒泉路派出所' }).click();
    // Someone changes one of them just before this page's dispatch reaches the server, so its
    // listed version is stale. (A change made earlier through the API races the live update, which
    // may refresh the row first; changing it as the request leaves makes the conflict certain.)
    const stale = others[0];
    if (!stale) throw new Error('no case to make stale');
    await operator.route(`**/api/v1/cases/${stale.id}/actions/dispatch`, async (route) => {
      await t.db.updateTable('cases').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', stale.id).execute();
      await route.continue();
    });
    await operator.getByRole('button', { name: '批量派单' }).click();
    await operator.locator('.ant-popconfirm').getByRole('button', { name: '批量派单' }).click();
    await poll(() => operator.getByText('派单成功 1 件，失败 1 件').count()).toBe(1);
    expect(await operator.getByTestId('bulk-failures').innerText()).toContain(stale.tracking_code);
    expect(await operator.getByTestId('bulk-failures').innerText()).toContain('案件已被他人更新');
    const statuses = await t.db.selectFrom('cases').select(['id', 'status']).where('id', 'in', others.map((c) => c.id)).orderBy('id').execute();
    expect(statuses.map((c) => c.status)).toEqual(['accepted', 'dispatched']);
    await snap(operator, 'worklist-bulk-dispatch');
  });

  it('shows every list page: search, due soon, overdue, to follow up', async () => {
    await menu(operator).getByText('案件查询', { exact: true }).click();
    await operator.waitForURL('**/cases');
    await poll(() => operator.getByTestId('worklist-table').getByRole('link', { name: trackingCode }).count()).toBe(1);
    await snap(operator, 'case-search');
    for (const [name, file] of [['即将到期', 'due-soon'], ['已超期', 'overdue'], ['待回访', 'to-follow-up'], ['督办中', 'under-supervision'], ['待派单', 'to-dispatch']] as const) {
      await menu(operator).getByText(name, { exact: true }).click();
      await operator.getByTestId('worklist-table').waitFor();
      await snap(operator, `worklist-${file}`);
    }
  });

  it('raised no error in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
