// The worklist at 1280 px, the narrowest desktop the console supports: the table keeps to its card
// (long titles and places cut with an ellipsis, any overflow scrolls inside the table), so the page
// itself never scrolls sideways. A 1280 px screenshot shows it.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseWorld, disputeBody } from '../case-fixtures.js';
import { type TestApp, createTestApp } from '../context.js';
import { createUser, signIn } from '../factories.js';
import { launchChromium, requireBuildAndBrowser, screenshot } from './browser.js';

const PASSWORD = 'Worklist-width-2026';

let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let baseUrl: string;

describe('worklist width (browser)', () => {
  beforeAll(async () => {
    t = await createTestApp('sqlite', process.env.PINGAN_WEB_ROOT ? { PINGAN_WEB_ROOT: process.env.PINGAN_WEB_ROOT } : {});
    requireBuildAndBrowser(t.config.webRoot);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
    baseUrl = `http://127.0.0.1:${address.port}`;
    const w = await createCaseWorld(t.app, t.db);
    const user = await createUser(t.db, { username: 'kuandu', password: PASSWORD, displayName: '受理员', grants: [{ role: 'center_operator', unitId: w.townshipCenterId }] });
    const operator = await signIn(t.app, t.db, user.id);
    for (const title of ['邻居堵塞通道引发纠纷', '小区物业长期不维修电梯，业主多次反映无果，要求街道协调物业公司尽快处理并公开维修资金使用情况']) {
      const res = await operator.inject({ method: 'POST', url: '/api/v1/cases', payload: { ...disputeBody, title } });
      expect(res.statusCode, res.body).toBe(201);
    }
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    page = await context.newPage();
    await page.goto(`${baseUrl}/worklists/to_accept`);
    await page.waitForURL('**/login**');
    await page.getByLabel('用户名').fill('kuandu');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByLabel('密码').press('Enter');
    await page.waitForURL(`${baseUrl}/worklists/to_accept`);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('fits the worklist into a 1280 px window without sideways page scroll', async () => {
    const table = page.getByTestId('worklist-table');
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count(), { timeout: 15_000 }).toBe(2);
    const overflow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(overflow.scroll).toBeLessThanOrEqual(overflow.client);
    // Every column is in view: the last header ends inside the table's own scroll box, which does not scroll.
    const fit = await table.evaluate((el) => {
      const content = el.querySelector('.ant-table-content') as HTMLElement;
      const headers = [...el.querySelectorAll('thead th')];
      const last = headers.at(-1)?.getBoundingClientRect();
      return { scroll: content.scrollWidth, client: content.clientWidth, lastRight: last?.right ?? 0, boxRight: content.getBoundingClientRect().right, lastText: headers.at(-1)?.textContent };
    });
    expect(fit.lastText).toBe('牵头单位');
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    expect(fit.lastRight).toBeLessThanOrEqual(fit.boxRight + 1);
    // Long titles are cut with an ellipsis, not wrapped or widened.
    const title = table.getByText('小区物业长期不维修电梯', { exact: false });
    expect(await title.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await screenshot(page, 'worklist-width-01-1280');
  });
});
