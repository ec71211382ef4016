// The resident portal end to end in chromium on a phone-sized screen (360×740, touch): a resident
// reports a noise nuisance with a photo and gets the code; a township operator (a second browser
// at 1280 px) sees it arrive live in the to-accept worklist; the resident checks the status; the
// staff resolve it (API); the resident rates it. Then sign-in by SMS code, a booking, an errand,
// and every portal page at 360 and 1280 px. Runs on SQLite only: the browser adds nothing per dialect.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, act, createCaseWorld } from '../case-fixtures.js';
import { type TestApp, createTestApp } from '../context.js';
import { solidPng } from '../portal-fixtures.js';
import { launchChromium, requireBuildAndBrowser, screenshot } from './browser.js';
import { addDays, chinaToday } from '../../src/modules/appointments/appointments.service.js';

const PHONE = '13712345678';
// 兰州市城关区, inside the shipped county outline.
const LANZHOU = { latitude: 36.0611, longitude: 103.8343 };
const TITLE = '楼下KTV夜间噪声<b>扰民</b>';

let t: TestApp;
let w: CaseWorld;
let browser: Browser;
let phone: BrowserContext;
let page: Page;
let staff: BrowserContext;
let staffPage: Page;
let baseUrl: string;
let trackingCode = '';
let webCopy: string | undefined;
const pageErrors: string[] = [];

function watch(p: Page, who: string) {
  p.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
  p.on('console', (message) => {
    // 401 (no resident session yet) and 404 (a wrong code, tried on purpose) are answers here.
    if (message.type() === 'error' && !/status of (401|404)/.test(message.text())) pageErrors.push(`${who}: ${message.text()}`);
  });
}

/** Picks an option of an antd Select by typing part of its label. */
async function choose(p: Page, label: string, text: string) {
  const box = p.getByRole('combobox', { name: label });
  await expect.poll(() => box.isDisabled()).toBe(false);
  await box.click();
  await box.fill(text);
  const option = p.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();
  await option.waitFor();
  await option.click();
}

async function shot(p: Page, name: string) {
  await p.waitForLoadState('networkidle');
  const wide = await p.evaluate(() => {
    const limit = document.documentElement.clientWidth;
    return [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > limit + 1 && e.getBoundingClientRect().width > 0)
      .slice(0, 8)
      .map((e) => `${e.tagName}.${String(e.className).slice(0, 60)} right=${Math.round(e.getBoundingClientRect().right)}`);
  });
  if (wide.length > 0) console.log(name, 'wider than the screen:', wide);
  // From the top, so the sticky header sits where it belongs in a full-page picture.
  await p.evaluate(() => window.scrollTo(0, 0));
  await screenshot(p, name);
}

describe('resident portal (browser, phone-sized)', () => {
  beforeAll(async () => {
    // A private copy of the build: another build of web/dist meanwhile must not pull files away.
    requireBuildAndBrowser(path.resolve('web/dist'));
    webCopy = mkdtempSync(path.join(os.tmpdir(), 'pingan-portal-web-'));
    cpSync(path.resolve('web/dist'), webCopy, { recursive: true });
    t = await createTestApp('sqlite', { PINGAN_WEB_ROOT: webCopy });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
    baseUrl = `http://127.0.0.1:${address.port}`;
    w = await createCaseWorld(t.app, t.db);
    browser = await launchChromium();
    phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN', geolocation: LANZHOU, permissions: ['geolocation'] });
    page = await phone.newPage();
    watch(page, 'resident');
    // The township operator, signed in (the factory's session), on a desktop.
    staff = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const [name, value] = w.operator.cookie.split('=');
    await staff.addCookies([
      { name: name ?? 'pingan_session', value: value ?? '', url: baseUrl },
      { name: 'pingan_csrf', value: w.operator.csrf, url: baseUrl },
    ]);
    staffPage = await staff.newPage();
    watch(staffPage, 'staff');
  });

  afterAll(async () => {
    await phone?.close();
    await staff?.close();
    await browser?.close();
    await t?.close();
    if (webCopy) rmSync(webCopy, { recursive: true, force: true });
  });

  it('shows the portal home in Chinese on a phone, without the console frame', async () => {
    await page.goto(`${baseUrl}/portal`);
    await expect.poll(() => page.getByRole('link', { name: /我要反映/ }).count()).toBe(1);
    expect(await page.getByRole('navigation', { name: '主菜单' }).count()).toBe(0);
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shot(page, 'portal-01-home-360');
  });

  it('the township operator watches the to-accept worklist', async () => {
    await staffPage.goto(`${baseUrl}/worklists/to_accept`);
    await staffPage.getByTestId('worklist-table').waitFor();
    await staffPage.waitForLoadState('networkidle');
  });

  it('reports a noise nuisance with a photo, located by the phone, and gets the tracking code', async () => {
    await page.getByRole('link', { name: /我要反映/ }).click();
    await page.waitForURL('**/portal/report');
    await page.getByLabel('搜索事项，如：噪声、漏水、欠薪').fill('噪声');
    await page.getByRole('button', { name: '噪声扰民' }).click();
    await expect.poll(() => page.getByTestId('category-chosen').innerText()).toContain('环境噪声 / 噪声扰民');
    await shot(page, 'portal-02-report-what-360');
    await page.getByRole('button', { name: '下一步' }).click();

    // Without a village the step does not let go.
    await page.getByRole('button', { name: '下一步' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '请选择到村（社区）' }).count()).toBe(1);
    await page.getByRole('button', { name: '使用我的位置' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toContain('城关区');
    await choose(page, '乡镇（街道）', '酒泉路');
    await choose(page, '村（社区）', '畅家巷');
    await page.getByLabel('详细地址（街道、门牌、标志物，选填）').fill('畅家巷12号楼下');
    expect(await page.getByRole('checkbox', { name: /附上我的位置/ }).isChecked()).toBe(true);
    await shot(page, 'portal-03-report-where-360');
    await page.getByRole('button', { name: '下一步' }).click();

    await page.getByLabel('标题（选填）').fill(TITLE);
    await page.getByLabel('情况描述').fill('楼下KTV每晚营业到凌晨两点，音响声音很大，老人孩子无法休息。');
    await page.getByTestId('photo-input').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: solidPng(64, [220, 38, 38]) });
    await expect.poll(() => page.getByRole('img', { name: '第1张照片' }).count()).toBe(1);
    await expect.poll(() => page.getByText('上传中…').count()).toBe(0);
    expect(await page.getByText('上传失败').count()).toBe(0);
    await shot(page, 'portal-04-report-describe-360');
    await page.getByRole('button', { name: '下一步' }).click();

    await page.getByLabel('姓名（选填）').fill('王五');
    await page.getByLabel('手机号码').fill(PHONE);
    await page.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '请阅读并勾选' }).count()).toBe(1);
    await page.getByRole('checkbox', { name: /我已阅读并同意/ }).check();
    await shot(page, 'portal-05-report-contact-360');
    await page.getByRole('button', { name: '提交' }).click();

    const code = page.getByTestId('tracking-code');
    await code.waitFor();
    trackingCode = (await code.innerText()).trim();
    expect(trackingCode).toMatch(/^GS\d{10,}$/);
    expect(await page.getByRole('button', { name: '复制查询码' }).count()).toBe(1);
    await shot(page, 'portal-06-submitted-360');

    const row = await t.db.selectFrom('cases').selectAll().where('tracking_code', '=', trackingCode).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'online', category_code: '0901', region_code: '620102001001', title: TITLE, lat: LANZHOU.latitude, lng: LANZHOU.longitude });
    const photos = await t.db.selectFrom('attachments').selectAll().where('case_id', '=', row.id).execute();
    expect(photos.map((p) => p.mime)).toEqual(['image/png']);
  });

  it('arrives live in the township worklist', async () => {
    // No reload: the worklist hears the new case on the event stream.
    const fresh = staffPage.getByTestId('fresh-hint');
    await fresh.waitFor({ timeout: 20_000 });
    await fresh.click();
    await expect.poll(() => staffPage.getByTestId('worklist-table').getByText(trackingCode).count(), { timeout: 10_000 }).toBe(1);
    await shot(staffPage, 'portal-07-staff-worklist-1280');
  });

  it('checks the status with the code and the last 4 digits; markup shows as text', async () => {
    await page.getByRole('button', { name: '查看办理进度' }).click();
    await page.waitForURL('**/portal/track?code=*');
    expect(await page.getByLabel('查询码').inputValue()).toBe(trackingCode);
    await page.getByLabel('手机号后4位').fill('0000');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '查询码或手机号后4位不正确' }).count()).toBe(1);
    await page.getByLabel('手机号后4位').fill(PHONE.slice(-4));
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.getByTestId('case-status').innerText()).toBe('已提交，等待受理');
    expect(await page.getByTestId('case-title').innerText()).toBe(TITLE);
    expect(await page.locator('[data-testid="case-title"] b').count()).toBe(0);
    expect(await page.getByText('城关区酒泉路街道综治中心').count()).toBe(1);
    expect(await page.getByText('您提交了诉求').count()).toBe(1);
    await shot(page, 'portal-08-track-360');
  });

  it('after the staff resolve it, the resident rates it in the portal', async () => {
    const row = await t.db.selectFrom('cases').select('id').where('tracking_code', '=', trackingCode).executeTakeFirstOrThrow();
    expect((await act(w.operator, row.id, 'accept')).statusCode).toBe(200);
    expect((await act(w.operator, row.id, 'dispatch', { leadUnitId: w.police.id })).statusCode).toBe(200);
    expect((await act(w.police.client, row.id, 'acknowledge')).statusCode).toBe(200);
    expect((await act(w.police.client, row.id, 'start')).statusCode).toBe(200);
    expect((await act(w.police.client, row.id, 'resolve', { result: 'fixed', resultText: '已责令KTV晚十点后降低音量并加装隔音棉。' })).statusCode).toBe(200);

    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.getByTestId('case-status').innerText()).toBe('已办结');
    expect(await page.getByText('已派给酒泉路派出所办理').count()).toBe(1);
    expect(await page.getByText('已责令KTV晚十点后降低音量并加装隔音棉。').count()).toBeGreaterThan(0);
    const form = page.getByTestId('feedback-form');
    await form.waitFor();
    await shot(page, 'portal-09-feedback-360');
    await form.getByRole('radio', { name: '满意', exact: true }).check();
    await page.getByLabel('补充说明（选填）').fill('晚上安静多了，谢谢！');
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect.poll(() => page.getByText('您的评价：满意').count()).toBe(1);
    expect(await page.getByTestId('feedback-form').count()).toBe(0);
    await shot(page, 'portal-10-rated-360');

    const after = await t.db.selectFrom('cases').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: 'resolved', satisfaction: 'satisfied' });
    expect(after.followed_up_at).not.toBeNull();
  });

  it('signs in with an SMS code (dev inbox) and lists my cases', async () => {
    await page.goto(`${baseUrl}/portal/me`);
    await page.getByLabel('手机号码').fill(PHONE);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect.poll(() => page.getByText('验证码已发送').count()).toBe(1);
    await shot(page, 'portal-11-sign-in-360');
    await page.getByRole('link', { name: '开发用短信收件箱' }).click();
    await page.waitForURL('**/portal/dev/sms-inbox');
    const text = page.getByText(/您的验证码是 \d{6}/).first();
    await text.waitFor();
    const code = /\d{6}/.exec(await text.innerText())?.[0] ?? '';
    await shot(page, 'portal-12-dev-inbox-360');
    await page.goBack();
    await page.getByLabel('手机号码').fill(PHONE);
    await page.getByLabel('验证码').fill(code);
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('link', { name: trackingCode }).count()).toBe(1);
    expect(await page.getByText(`手机号 ${PHONE.slice(0, 3)}****${PHONE.slice(-4)}`).count()).toBe(1);
    await shot(page, 'portal-13-my-cases-360');
    // A signed-in resident opens their own case without the digits.
    await page.getByRole('link', { name: trackingCode }).click();
    await expect.poll(() => page.getByTestId('case-status').count()).toBe(1);
    expect(await page.getByTestId('case-title').innerText()).toBe(TITLE);
  });

  it('books a visit at the township centre and gets a booking code', async () => {
    const tomorrow = addDays(chinaToday(), 1);
    const published = await w.operator.inject({ method: 'PUT', url: `/api/v1/appointment-centers/${w.townshipCenterId}/windows`, payload: { items: [{ day: tomorrow, halfDay: 'morning', capacity: 5 }, { day: tomorrow, halfDay: 'afternoon', capacity: 3 }] } });
    expect(published.statusCode, published.body).toBe(200);
    await page.goto(`${baseUrl}/portal/book`);
    await choose(page, '市（州）', '兰州');
    await choose(page, '县（区）', '城关');
    await choose(page, '乡镇（街道）', '酒泉路');
    await page.getByRole('radio', { name: /城关区酒泉路街道综治中心/ }).check();
    // A window is a radio button: its input is hidden, its label takes the tap.
    await page.locator('label.ant-radio-button-wrapper').filter({ hasText: '下午' }).first().click();
    expect(await page.getByRole('radio', { name: /下午/ }).first().isChecked()).toBe(true);
    await page.getByLabel('姓名', { exact: true }).fill('孙七');
    await page.getByLabel('手机号码', { exact: true }).fill('13600005678');
    await page.getByLabel('办理事项').fill('咨询宅基地确权需要准备的材料');
    await page.getByRole('checkbox', { name: /我已阅读并同意/ }).check();
    await shot(page, 'portal-14-book-360');
    await page.getByRole('button', { name: '确认预约' }).click();
    const code = page.getByTestId('booking-code');
    await code.waitFor();
    expect(await code.innerText()).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    await shot(page, 'portal-15-booked-360');
    const day = await w.operator.inject({ method: 'GET', url: `/api/v1/appointment-centers/${w.townshipCenterId}/appointments?day=${tomorrow}` });
    expect(day.json().items.map((i: { code: string }) => i.code)).toContain(await code.innerText());
  });

  it('asks the centre to run an errand (委托代办)', async () => {
    await page.goto(`${baseUrl}/portal/errand`);
    const search = page.getByRole('combobox', { name: '搜索地名（如：畅家巷）' });
    await search.click();
    await search.fill('畅家巷');
    const hit = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '畅家巷' }).first();
    await hit.waitFor();
    await hit.click();
    await expect.poll(() => page.getByRole('combobox', { name: '村（社区）' }).locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').innerText()).toContain('畅家巷');
    await page.getByLabel('需要代办的事项').fill('请帮我代办老年人优待证，材料已备齐。');
    await page.getByLabel('姓名', { exact: true }).fill('赵六');
    await page.getByLabel('手机号码').fill('13600001234');
    await page.getByRole('checkbox', { name: /我已阅读并同意/ }).check();
    await page.getByRole('checkbox', { name: /我委托综治中心/ }).check();
    await shot(page, 'portal-16-errand-360');
    await page.getByRole('button', { name: '提交委托' }).click();
    const code = page.getByTestId('tracking-code');
    await code.waitFor();
    const row = await t.db.selectFrom('cases').selectAll().where('tracking_code', '=', (await code.innerText()).trim()).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'proxy_errand', channel: 'online', category_code: '1602' });
  });

  it('switches to English', async () => {
    await page.goto(`${baseUrl}/portal`);
    await page.getByText('English', { exact: true }).click();
    await expect.poll(() => page.getByRole('link', { name: /Report something/ }).count()).toBe(1);
    await shot(page, 'portal-17-home-en-360');
    await page.getByText('中文', { exact: true }).click();
    await expect.poll(() => page.getByRole('link', { name: /我要反映/ }).count()).toBe(1);
  });

  it('lays every page out on a 1280 px screen', async () => {
    const desk = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const p = await desk.newPage();
    watch(p, 'desktop');
    try {
      const pages: Array<[string, string]> = [
        ['/portal', 'portal-21-home-1280'],
        ['/portal/report', 'portal-22-report-1280'],
        [`/portal/track?code=${trackingCode}`, 'portal-23-track-1280'],
        ['/portal/me', 'portal-24-sign-in-1280'],
        ['/portal/book', 'portal-25-book-1280'],
        ['/portal/errand', 'portal-26-errand-1280'],
        ['/portal/dev/sms-inbox', 'portal-27-dev-inbox-1280'],
      ];
      for (const [path, name] of pages) {
        await p.goto(`${baseUrl}${path}`);
        await p.locator('h1').first().waitFor();
        if (path.startsWith('/portal/track')) {
          await p.getByLabel('手机号后4位').fill(PHONE.slice(-4));
          await p.getByRole('button', { name: '查询' }).click();
          await p.getByTestId('case-status').waitFor();
        }
        expect(await p.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(1280);
        await shot(p, name);
      }
    } finally {
      await desk.close();
    }
  });

  it('had no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
