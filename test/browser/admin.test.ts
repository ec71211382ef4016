// The administration pages in Debian's chromium against the real server, as a province admin: create
// a grid in a village and import two more from CSV, create a unit and an account in it (then disable
// it), read the role matrix, toggle a day of the business calendar, create a token (shown once,
// working) and revoke it (no longer working), pause a webhook and filter its deliveries, filter the
// audit log and verify its chain. Every page gets a screenshot; every write is checked through the API.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../context.js';
import { type Client, createUnit, createUser, signIn } from '../factories.js';
import { launchChromium, requireBuildAndBrowser, screenshot } from './browser.js';

const PASSWORD = 'Admin-pages-2026';
const VILLAGE = '620102001001'; // 畅家巷社区居委会, 酒泉路街道, 城关区
const OTHER_VILLAGE = '620102001002';

let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let baseUrl: string;
let admin: Client;
const pageErrors: string[] = [];

function treeNode(name: string) {
  return page.locator('.ant-tree-treenode').filter({ has: page.getByText(name, { exact: true }) });
}

async function treeSettled() {
  await expect.poll(() => page.locator('.ant-tree-treenode-motion').count()).toBe(0);
}

async function expand(name: string) {
  await expect.poll(() => treeNode(name).count(), { timeout: 15_000 }).toBe(1);
  await treeSettled();
  await treeNode(name).locator('.ant-tree-switcher').click();
}

async function openSection(label: string, path: string) {
  await page.getByRole('navigation', { name: '管理菜单' }).getByText(label, { exact: true }).click();
  await page.waitForURL(`**/admin${path}`);
}

async function apiGet(url: string) {
  const res = await admin.inject({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** A full-page screenshot from the top (the console header is sticky). */
async function shot(name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** A modal's form field by its label, inside the open dialog. */
function dialog() {
  return page.getByRole('dialog').filter({ has: page.locator('.ant-modal-title') }).last();
}

describe('administration (browser)', () => {
  beforeAll(async () => {
    // PINGAN_WEB_ROOT: a build of one's own, while others rebuild web/dist in the same tree.
    t = await createTestApp('sqlite', process.env.PINGAN_WEB_ROOT ? { PINGAN_WEB_ROOT: process.env.PINGAN_WEB_ROOT } : {});
    requireBuildAndBrowser(t.config.webRoot);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
    baseUrl = `http://127.0.0.1:${address.port}`;
    const province = await createUnit(t.db, { regionCode: '620000000000' });
    const user = await createUser(t.db, { username: 'guanliyuan', password: PASSWORD, displayName: '省平台管理员', grants: [{ role: 'admin', unitId: province.id }] });
    admin = await signIn(t.app, t.db, user.id);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of (401|400|409)/.test(message.text())) pageErrors.push(message.text());
    });
    await page.goto(`${baseUrl}/admin`);
    await page.waitForURL('**/login**');
    await page.getByLabel('用户名').fill('guanliyuan');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByLabel('密码').press('Enter');
    await page.waitForURL(`${baseUrl}/admin`);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('opens on the overview with the server status and every section in the menu', async () => {
    await expect.poll(() => page.getByText('运行正常').count()).toBe(1);
    const menu = page.getByRole('navigation', { name: '管理菜单' });
    for (const label of ['概览', '区域与网格', '单位', '人员与角色', '角色权限', '时限与工作日历', '事项类别', 'API 令牌', 'Webhook 订阅', '审计日志']) {
      expect(await menu.getByText(label, { exact: true }).count(), label).toBe(1);
    }
    await expect.poll(() => page.getByLabel('解决率').inputValue()).toBe('90.0');
    await shot('admin-01-overview');
  });

  it('creates a grid in a village and imports two more from CSV', async () => {
    await openSection('区域与网格', '/grids');
    await expand('兰州市');
    await expand('城关区');
    await expand('酒泉路街道');
    await expect.poll(() => treeNode('畅家巷社区居委会').count()).toBe(1);
    await treeSettled();
    await treeNode('畅家巷社区居委会').locator('.ant-tree-node-content-wrapper').click();
    await expect.poll(() => page.getByText('畅家巷社区居委会的网格').count()).toBe(1);
    await page.getByRole('button', { name: '新建网格' }).click();
    await dialog().getByLabel('网格名称').fill('畅家巷第一网格');
    await dialog().getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('cell', { name: '畅家巷第一网格' }).count()).toBe(1);
    const grids = await apiGet(`/api/v1/grids?region=${VILLAGE}`);
    expect(grids.items.map((g: { name: string }) => g.name)).toEqual(['畅家巷第一网格']);
    expect(grids.items[0].code).toBe(`${VILLAGE}001`);

    await page.locator('input[type=file]').setInputFiles({ name: 'grids.csv', mimeType: 'text/csv', buffer: Buffer.from(`villageCode,name\n${VILLAGE},畅家巷第二网格\n${OTHER_VILLAGE},相邻社区第一网格\n`) });
    await expect.poll(() => page.getByText('已导入 2 个网格').count()).toBe(1);
    await expect.poll(() => page.getByRole('cell', { name: '畅家巷第二网格' }).count()).toBe(1);
    expect((await apiGet(`/api/v1/grids?region=${OTHER_VILLAGE}`)).items.map((g: { name: string }) => g.name)).toEqual(['相邻社区第一网格']);
    await treeSettled();
    await shot('admin-02-grids');
  });

  it('creates a unit and an account with a role in it, then disables the account', async () => {
    await openSection('单位', '/units');
    await page.getByRole('button', { name: '新建单位' }).click();
    await dialog().getByLabel('单位名称').fill('城关区应急管理局');
    await dialog().getByLabel('部门类别').fill('emergency');
    await page.locator('.ant-select-item-option').filter({ hasText: 'emergency_management' }).click();
    await dialog().getByLabel('区划代码').fill('620102');
    await dialog().getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('cell', { name: '城关区应急管理局' }).count()).toBe(1);
    const units = await apiGet(`/api/v1/units?q=${encodeURIComponent('应急管理局')}`);
    expect(units.items).toEqual([expect.objectContaining({ name: '城关区应急管理局', kind: 'department', departmentKind: 'emergency_management', regionCode: '620102000000' })]);
    await shot('admin-03-units');

    await openSection('人员与角色', '/users');
    await page.getByRole('button', { name: '新建账号' }).click();
    await dialog().getByLabel('用户名').fill('yingji_zhang');
    await dialog().getByLabel('姓名').fill('张应急');
    await dialog().getByLabel('初始密码').fill('Yingji-2026-pass');
    await dialog().getByLabel('角色').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '部门经办人' }).click();
    await dialog().getByLabel('所在单位').fill('应急');
    await page.locator('.ant-select-item-option').filter({ hasText: '城关区应急管理局' }).click();
    await dialog().getByRole('button', { name: '保存' }).click();
    const row = page.getByRole('row').filter({ hasText: '张应急' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain('部门经办人 · 城关区应急管理局');
    await row.getByRole('button', { name: '停用' }).click();
    await expect.poll(() => row.getByText('已停用').count()).toBe(1);
    const users = await apiGet('/api/v1/users?q=yingji_zhang');
    expect(users.items[0]).toMatchObject({ username: 'yingji_zhang', displayName: '张应急', status: 'disabled', grants: [expect.objectContaining({ role: 'department_handler', unitName: '城关区应急管理局' })] });
    await shot('admin-04-users');
  });

  it('shows the role matrix generated from the workflow table', async () => {
    await openSection('角色权限', '/roles');
    const matrix = page.getByTestId('roles-matrix');
    await expect.poll(() => matrix.locator('tbody tr').count()).toBeGreaterThan(10);
    const workflow = await apiGet('/api/v1/workflow');
    expect(await matrix.locator('tbody tr.ant-table-row').count()).toBe(workflow.actions.length);
    // 派单 (dispatch): a centre role may, a department handler may not.
    const dispatchRow = matrix.locator('tbody tr.ant-table-row').filter({ hasText: '派单' }).first();
    const headers = await matrix.locator('thead th').allInnerTexts();
    const cells = dispatchRow.locator('td');
    const column = (name: string) => headers.findIndex((h) => h.trim() === name);
    expect(await cells.nth(column('综治中心工作人员')).locator('[aria-label="允许"]').count()).toBe(1);
    expect(await cells.nth(column('部门经办人')).locator('[aria-label="允许"]').count()).toBe(0);
    await shot('admin-05-roles');
  });

  it('toggles a day of the business calendar', async () => {
    await openSection('时限与工作日历', '/sla');
    const calendar = page.getByTestId('calendar');
    await expect.poll(() => calendar.locator('button[data-day]').count()).toBeGreaterThan(360);
    const year = Number(await page.getByTestId('calendar-year').innerText());
    // The first ordinary weekday of June: becomes a holiday, and back.
    const day = await calendar.locator(`button[data-kind="normal"][data-day^="${year}-06-"]`).first().getAttribute('data-day');
    expect(day).toMatch(/^\d{4}-06-\d{2}$/);
    const button = calendar.locator(`button[data-day="${day}"]`);
    await button.click();
    await expect.poll(() => button.getAttribute('data-kind')).toBe('holiday');
    expect((await apiGet(`/api/v1/calendar/${year}`)).days[day ?? '']).toMatchObject({ kind: 'holiday' });
    await expect.poll(() => page.getByRole('cell', { name: '默认' }).count()).toBeGreaterThan(0);
    await shot('admin-06-calendar');
    await button.click();
    await expect.poll(() => button.getAttribute('data-kind')).toBe('normal');
    expect((await apiGet(`/api/v1/calendar/${year}`)).days[day ?? '']).toBeUndefined();

    // The working hours: typed as text, saved from the keyboard.
    await page.getByLabel('工作时间').fill('08:30-12:00, 14:30-17:30');
    await page.getByLabel('工作时间').press('Enter');
    await expect.poll(async () => (await apiGet('/api/v1/calendar/work-hours')).periods).toEqual([
      ['08:30', '12:00'],
      ['14:30', '17:30'],
    ]);
  });

  it('creates a token shown once, which works until it is revoked', async () => {
    await openSection('API 令牌', '/tokens');
    await page.getByRole('button', { name: '新建令牌' }).click();
    await dialog().getByLabel('名称').fill('对接测试系统');
    await dialog().getByRole('button', { name: '新建令牌' }).click();
    const shown = page.getByTestId('new-token');
    await expect.poll(() => shown.count()).toBe(1);
    const token = (await shown.innerText()).trim();
    expect(token.length).toBeGreaterThan(20);
    expect(await page.getByRole('button', { name: '复制' }).count()).toBe(1);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(200);
    await shot('admin-07-token-created');

    const row = page.getByRole('row').filter({ hasText: '对接测试系统' });
    await row.getByRole('button', { name: '吊销' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '吊销' }).click();
    await expect.poll(() => row.getByText('已吊销').count()).toBe(1);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
    await shot('admin-08-token-revoked');
  });

  it('creates and pauses a webhook and filters its delivery log', async () => {
    await openSection('Webhook 订阅', '/webhooks');
    await page.getByRole('button', { name: '新建订阅' }).click();
    await dialog().getByLabel('名称').fill('市大数据局');
    await dialog().getByLabel('接收地址').fill('http://127.0.0.1:9/hooks/pingan');
    await dialog().getByLabel('区域代码').fill('6201');
    await dialog().getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByText('签名密钥只显示这一次', { exact: false }).count()).toBe(1);
    const row = page.getByRole('row').filter({ hasText: '市大数据局' });
    await row.getByRole('button', { name: '暂停' }).click();
    await expect.poll(() => row.getByText('已暂停').count()).toBe(1);
    expect((await apiGet('/api/v1/webhooks')).items[0]).toMatchObject({ name: '市大数据局', status: 'paused', regionCode: '620100000000' });
    await row.getByRole('button', { name: '投递记录' }).click();
    const drawer = page.locator('.ant-drawer');
    await expect.poll(() => drawer.getByText('暂无投递记录').count()).toBe(1);
    await drawer.getByRole('combobox', { name: '按状态筛选' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.locator('.ant-select-item-option').filter({ hasText: '已放弃' }).click();
    await expect.poll(() => drawer.getByText('暂无投递记录').count()).toBe(1);
    await shot('admin-09-webhooks');
    await drawer.getByRole('button', { name: 'Close' }).or(drawer.locator('.ant-drawer-close')).first().click();
  });

  it('filters the audit log and verifies its chain', async () => {
    await openSection('审计日志', '/audit');
    const table = page.getByTestId('audit-table');
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(5);
    await page.getByTestId('audit-filters').getByLabel('动作').fill('auth.token_revoked');
    await page.getByRole('button', { name: '筛选' }).click();
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(1);
    expect(await table.locator('tbody tr.ant-table-row').innerText()).toContain('guanliyuan');
    const api = await apiGet('/api/v1/audit?action=auth.token_revoked');
    expect(api.items).toHaveLength(1);
    await page.getByTestId('audit-filters').getByLabel('动作').fill('');
    await page.getByTestId('audit-filters').getByLabel('对象类型').fill('grid');
    await page.getByRole('button', { name: '筛选' }).click();
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe((await apiGet('/api/v1/audit?entityType=grid')).items.length);
    await page.getByRole('button', { name: '校验哈希链' }).click();
    await expect.poll(() => page.getByTestId('audit-verify').innerText()).toContain('哈希链完整');
    await shot('admin-10-audit');
    // Narrower screens keep the layout: nothing spills at 1280 px.
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await shot('admin-10-audit-1280');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('lists the categories', async () => {
    await openSection('事项类别', '/categories');
    const categories = await apiGet('/api/v1/categories');
    await expect.poll(() => page.getByRole('cell', { name: categories.items[0].name, exact: true }).count()).toBe(1);
    const rules = await apiGet('/api/v1/routing-rules');
    const routing = page.locator('.ant-card').filter({ hasText: '派单规则' });
    await expect.poll(() => routing.locator('tbody tr.ant-table-row').count()).toBe(rules.items.length);
    await shot('admin-11-categories');
  });

  it('shows a centre head and an auditor only their pages', async () => {
    const county = await createUnit(t.db, { regionCode: '620102000000' });
    await createUser(t.db, { username: 'qu_zhuren', password: PASSWORD, displayName: '区中心主任', grants: [{ role: 'center_head', unitId: county.id }] });
    await createUser(t.db, { username: 'shenji', password: PASSWORD, displayName: '审计员', grants: [{ role: 'auditor', regionCode: '620000000000' }] });
    const menuOf = async (username: string) => {
      const other = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
      const p = await other.newPage();
      await p.goto(`${baseUrl}/admin`);
      await p.waitForURL('**/login**');
      await p.getByLabel('用户名').fill(username);
      await p.getByLabel('密码').fill(PASSWORD);
      await p.getByLabel('密码').press('Enter');
      await p.waitForURL(`${baseUrl}/admin`);
      const menu = p.getByRole('navigation', { name: '管理菜单' });
      await expect.poll(() => menu.locator('.ant-menu-item').count()).toBeGreaterThan(0);
      const items = (await menu.locator('.ant-menu-item').allInnerTexts()).map((x) => x.trim());
      // A page outside the role answers with the first allowed page, not a broken screen.
      await p.goto(`${baseUrl}/admin/sla`);
      await expect.poll(() => new URL(p.url()).pathname).toBe('/admin');
      await other.close();
      return items;
    };
    expect(await menuOf('qu_zhuren')).toEqual(['概览', '区域与网格', '单位', '人员与角色', '角色权限', 'API 令牌', 'Webhook 订阅']);
    expect(await menuOf('shenji')).toEqual(['概览', '角色权限', '审计日志']);
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
