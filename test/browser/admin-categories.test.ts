// Editing the taxonomy and the routing rules in Debian's chromium as a province admin: a duplicate
// code shows the server's error on the code field, a new level-1 category and a level-2 one under it
// are created, a routing rule is added for it and removed again. Every write is checked through the API.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../context.js';
import { type Client, createUnit, createUser, signIn } from '../factories.js';
import { launchChromium, requireBuildAndBrowser, screenshot } from './browser.js';

const PASSWORD = 'Category-pages-2026';

let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let admin: Client;
const pageErrors: string[] = [];

function dialog() {
  return page.getByRole('dialog').filter({ has: page.locator('.ant-modal-title') }).last();
}

async function apiGet(url: string) {
  const res = await admin.inject({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Chooses an option of a select in the open dialog (typing into it first when it is searchable). */
async function pick(label: string, text: string, search = false) {
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
  const item = dialog().locator('.ant-form-item').filter({ has: page.locator(`label[title="${label}"]`) });
  // A click during the dropdown's opening animation can be lost on a busy machine: try again until
  // the select shows the choice, then make sure no dropdown is left covering the dialog's buttons.
  for (let attempt = 0; attempt < 3; attempt++) {
    await item.locator('.ant-select-selector').click();
    if (search) await item.locator('input').fill(text);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
    const shown = await expect
      .poll(() => item.locator('.ant-select-selection-item').innerText().catch(() => ''), { timeout: 3_000 })
      .toContain(text)
      .then(() => true)
      .catch(() => false);
    if (shown) break;
  }
  // Escape would close the whole dialog; a click on its title only closes a dropdown left open.
  if (await page.locator('.ant-select-dropdown:visible').count()) await dialog().locator('.ant-modal-title').click();
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
}

describe('categories and routing rules (browser)', () => {
  beforeAll(async () => {
    t = await createTestApp('sqlite', process.env.PINGAN_WEB_ROOT ? { PINGAN_WEB_ROOT: process.env.PINGAN_WEB_ROOT } : {});
    requireBuildAndBrowser(t.config.webRoot);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
    const baseUrl = `http://127.0.0.1:${address.port}`;
    const province = await createUnit(t.db, { regionCode: '620000000000' });
    const user = await createUser(t.db, { username: 'leibie', password: PASSWORD, displayName: '省平台管理员', grants: [{ role: 'admin', unitId: province.id }] });
    admin = await signIn(t.app, t.db, user.id);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of (401|409)/.test(message.text())) pageErrors.push(message.text());
    });
    await page.goto(`${baseUrl}/admin/categories`);
    await page.waitForURL('**/login**');
    await page.getByLabel('用户名').fill('leibie');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByLabel('密码').press('Enter');
    await page.waitForURL(`${baseUrl}/admin/categories`);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('shows the server error on the code field for a duplicate, then creates a category and a sub-category', async () => {
    await expect.poll(() => page.getByRole('cell', { name: '婚姻家庭', exact: true }).count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('button', { name: '新建类别' }).click();
    await dialog().getByLabel('代码').fill('01');
    await dialog().getByLabel('名称', { exact: true }).fill('重复的类别');
    await dialog().getByLabel('英文名称').fill('Duplicate');
    await dialog().getByRole('button', { name: '保存' }).click();
    await expect.poll(() => dialog().locator('.ant-form-item-explain-error').filter({ hasText: 'already exists' }).count()).toBe(1);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'admin-categories-01-duplicate');

    await dialog().getByLabel('代码').fill('97');
    await dialog().getByLabel('名称', { exact: true }).fill('低空经济');
    await dialog().getByLabel('英文名称').fill('Low-altitude economy');
    await pick('默认事项类型', '投诉');
    await dialog().getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('cell', { name: '低空经济', exact: true }).count()).toBe(1);

    await page.getByRole('row').filter({ hasText: '低空经济' }).getByRole('button', { name: '新建下级' }).click();
    expect(await dialog().getByLabel('代码').inputValue()).toBe('97');
    await dialog().getByLabel('代码').fill('9701');
    await dialog().getByLabel('名称', { exact: true }).fill('无人机扰民');
    await dialog().getByLabel('英文名称').fill('Drone nuisance');
    await dialog().getByLabel('关键词').fill('无人机 航拍');
    await dialog().getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('dialog').filter({ hasText: '英文名称' }).isVisible()).toBe(false);
    const all = (await apiGet('/api/v1/categories/all')).items as Array<Record<string, unknown>>;
    expect(all.filter((c) => String(c.code).startsWith('97')).sort((a, b) => String(a.code).localeCompare(String(b.code)))).toEqual([
      expect.objectContaining({ code: '97', parentCode: null, name: '低空经济', defaultKind: 'complaint', status: 'active' }),
      expect.objectContaining({ code: '9701', parentCode: '97', name: '无人机扰民', keywords: '无人机 航拍' }),
    ]);
  });

  it('adds a routing rule for the new category and removes it', async () => {
    await page.getByRole('button', { name: '新增规则' }).click();
    await pick('事项类别', '9701', true);
    await pick('区域层级', '乡镇街道');
    await pick('对应部门类别', 'police_station', true);
    await dialog().getByLabel('顺序').fill('5');
    await dialog().getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('cell', { name: '9701 无人机扰民' }).count()).toBe(1);
    const rules = (await apiGet('/api/v1/routing-rules')).items as Array<{ id: number; categoryCode: string }>;
    const added = rules.filter((r) => r.categoryCode === '9701');
    expect(added).toEqual([expect.objectContaining({ regionLevel: 3, departmentKind: 'police_station', sort: 5 })]);
    await page.getByRole('cell', { name: '9701 无人机扰民' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-categories-02-rule');

    await page.getByRole('button', { name: '删除 9701 police_station' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '删除' }).click();
    await expect.poll(() => page.getByRole('cell', { name: '9701 无人机扰民' }).count()).toBe(0);
    expect(((await apiGet('/api/v1/routing-rules')).items as Array<{ categoryCode: string }>).filter((r) => r.categoryCode === '9701')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
