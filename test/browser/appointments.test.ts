// Appointments at a centre in Debian's chromium, as the township centre's operator: publish tomorrow's
// places, a resident books through the public API, the operator sees the booking (masked) in the
// day's list, checks the resident in (a walk_in case) and opens the case it created.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../src/modules/appointments/appointments.service.js';
import { type CaseWorld, createCaseWorld } from '../case-fixtures.js';
import { type TestApp, createTestApp } from '../context.js';
import { type Client, createUser, signIn } from '../factories.js';
import { launchChromium, requireBuildAndBrowser, screenshot } from './browser.js';

const PASSWORD = 'Appointments-2026';
const tomorrow = addDays(chinaToday(), 1);

let t: TestApp;
let w: CaseWorld;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let staff: Client;
const pageErrors: string[] = [];

describe('appointments (browser)', () => {
  beforeAll(async () => {
    t = await createTestApp('sqlite', process.env.PINGAN_WEB_ROOT ? { PINGAN_WEB_ROOT: process.env.PINGAN_WEB_ROOT } : {});
    requireBuildAndBrowser(t.config.webRoot);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
    const baseUrl = `http://127.0.0.1:${address.port}`;
    w = await createCaseWorld(t.app, t.db);
    const user = await createUser(t.db, { username: 'yuyue', password: PASSWORD, displayName: '窗口接待员', grants: [{ role: 'center_operator', unitId: w.townshipCenterId }] });
    staff = await signIn(t.app, t.db, user.id);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 401/.test(message.text())) pageErrors.push(message.text());
    });
    await page.goto(`${baseUrl}/appointments`);
    await page.waitForURL('**/login**');
    await page.getByLabel('用户名').fill('yuyue');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByLabel('密码').press('Enter');
    await page.waitForURL(`${baseUrl}/appointments`);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('publishes places, lists a booking, checks the resident in and opens the case', async () => {
    await expect.poll(() => page.locator('.ant-menu').getByText('预约接待', { exact: true }).count()).toBe(1);
    const date = page.getByLabel('日期');
    await date.click();
    await date.fill(tomorrow);
    await date.press('Enter');
    await expect.poll(() => page.getByText(`${tomorrow} 预约名单`).count()).toBe(1);
    await page.getByLabel('上午').fill('3');
    await page.getByLabel('下午').fill('0');
    await page.getByRole('button', { name: '发布名额' }).click();
    await expect.poll(() => page.getByText('已约 0，剩余 3', { exact: false }).count()).toBe(1);
    const windows = await staff.inject({ method: 'GET', url: `/api/v1/appointment-centers/${w.townshipCenterId}/windows?from=${tomorrow}&to=${tomorrow}` });
    expect(windows.json().items.map((i: { halfDay: string; capacity: number }) => [i.halfDay, i.capacity])).toEqual([
      ['morning', 3],
      ['afternoon', 0],
    ]);

    const booked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/appointments',
      remoteAddress: '203.0.113.77',
      payload: { centerId: w.townshipCenterId, day: tomorrow, halfDay: 'morning', name: '孙小七', phone: '13912345678', purpose: '咨询宅基地确权办理材料', consent: true },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const code = booked.json().code as string;

    await page.getByRole('button', { name: '刷新' }).click();
    const row = page.getByRole('row').filter({ hasText: code });
    await expect.poll(() => row.count()).toBe(1);
    const rowText = await row.innerText();
    expect(rowText).toContain('咨询宅基地确权办理材料');
    expect(rowText).not.toContain('孙小七');
    expect(rowText).not.toContain('13912345678');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'appointments-01-day');

    await page.getByRole('button', { name: `签到受理 ${code}` }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: `签到受理：${code}` });
    await dialog.locator('.ant-form-item').filter({ has: page.locator('label[title="事项类别"]') }).locator('.ant-select-selector').click();
    await dialog.locator('.ant-form-item').filter({ has: page.locator('label[title="事项类别"]') }).locator('input').fill('0202');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '0202' }).first().click();
    await dialog.locator('.ant-form-item').filter({ has: page.locator('label[title="事项类型"]') }).locator('.ant-select-selector').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '咨询' }).first().click();
    await dialog.getByRole('button', { name: '签到受理' }).click();
    const link = row.getByRole('link', { name: /查看事项/ });
    await expect.poll(() => link.count()).toBe(1);

    const list = await staff.inject({ method: 'GET', url: `/api/v1/appointment-centers/${w.townshipCenterId}/appointments?day=${tomorrow}` });
    const entry = (list.json().items as Array<{ code: string; status: string; caseId: number | null }>).find((a) => a.code === code);
    expect(entry?.status).toBe('checked_in');
    expect(entry?.caseId).not.toBeNull();
    const caseRow = await t.db.selectFrom('cases').select(['channel', 'category_code', 'kind']).where('id', '=', entry?.caseId ?? 0).executeTakeFirstOrThrow();
    expect(caseRow).toEqual({ channel: 'walk_in', category_code: '0202', kind: 'consultation' });
    await expect.poll(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0);
    await screenshot(page, 'appointments-02-checked-in');

    await link.click();
    await page.waitForURL(`**/cases/${entry?.caseId}`);
    await expect.poll(() => page.locator('main').getByText('咨询宅基地确权办理材料').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('main .ant-spin-spinning').count()).toBe(0);
    await screenshot(page, 'appointments-03-case');
    expect(pageErrors).toEqual([]);
  });
});
