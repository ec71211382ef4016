// Ant Design's own texts (empty tables, pagination, pickers) follow the console's language: a
// bundling slip once left them in English under the Chinese UI.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../context.js';
import { createUser } from '../factories.js';
import { launchChromium, requireBuildAndBrowser, screenshot } from './browser.js';

let t: TestApp;
let browser: Browser;
let baseUrl: string;

describe('antd locale (browser)', () => {
  beforeAll(async () => {
    t = await createTestApp('sqlite', process.env.PINGAN_WEB_ROOT ? { PINGAN_WEB_ROOT: process.env.PINGAN_WEB_ROOT } : {});
    requireBuildAndBrowser(t.config.webRoot);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
    baseUrl = `http://127.0.0.1:${address.port}`;
    await createUser(t.db, { username: 'admin', password: 'Locale-check-2026', grants: [{ role: 'admin', regionCode: '620000000000' }] });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows antd date pickers in Chinese by default and in English after the switch', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('Locale-check-2026');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    const weekdayHeaders = async () => {
      await page.goto(`${baseUrl}/admin/audit`);
      await page.locator('.ant-picker').first().click();
      await page.locator('.ant-picker-dropdown .ant-picker-content th').first().waitFor();
      return page.locator('.ant-picker-dropdown .ant-picker-content').first().locator('th').allTextContents();
    };
    const zh = await weekdayHeaders();
    await screenshot(page, 'antd-locale-01-date-picker-zh');
    expect(zh).toEqual(['一', '二', '三', '四', '五', '六', '日']);
    await page.evaluate(() => localStorage.setItem('pingan.language', 'en'));
    const en = await weekdayHeaders();
    expect(en).toEqual(['Su', 'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa']);
    await context.close();
  });
});
