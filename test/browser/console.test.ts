// The web console end to end, in Debian's chromium against the real server and the production build:
// sign-in (wrong password, then right), the console frame, the region tree down to a village's grids,
// search, the English switch, sign-out. Runs on SQLite only: the browser adds nothing per dialect.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../context.js';
import { createUser } from '../factories.js';
import { launchChromium, recordScripts, requireBuildAndBrowser, screenshot } from './browser.js';

const ADMIN_PASSWORD = 'Lanzhou-2026-secure';
const WORKER_PASSWORD = 'Jiuquan-Road-2026';
// 城关区 › 酒泉路街道 › 畅家巷社区居委会: real divisions shipped in data/regions/62.csv.gz.
const VILLAGE = '620102001001';
const GRID = `${VILLAGE}001`;
const INITIAL_JS_BUDGET = 600 * 1024;

let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let baseUrl: string;
const pageErrors: string[] = [];

/**
 * Chooses an item of the user menu until `done` says it took effect: under load a click can land
 * while the dropdown still slides in and be lost (seen in a CI run), and one lost click must not
 * fail this test and every later one.
 */
async function chooseFromUserMenu(item: string, done: () => Promise<boolean>) {
  const dropdown = page.locator('.ant-dropdown-menu');
  for (let attempt = 0; attempt < 4; attempt++) {
    if (!(await dropdown.isVisible())) await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: item }).click();
    try {
      await expect.poll(done, { timeout: 5_000 }).toBe(true);
    } catch {
      continue;
    }
    if (await dropdown.isVisible()) await page.keyboard.press('Escape');
    return;
  }
  throw new Error(`choosing "${item}" from the user menu had no effect`);
}

async function addGrid(testApp: TestApp) {
  const now = new Date().toISOString();
  const worker = await createUser(testApp.db, { username: 'wangge', password: WORKER_PASSWORD, displayName: '王网格', grants: [{ role: 'grid_worker', regionCode: '620102001000' }] });
  await testApp.db.insertInto('grids').values({ code: GRID, region_code: VILLAGE, name: '畅家巷第一网格', status: 'active', created_at: now, updated_at: now, retired_at: null }).execute();
  await testApp.db.insertInto('grid_assignments').values({ grid_code: GRID, user_id: worker.id, assigned_at: now, ended_at: null }).execute();
}

/** A tree row by the exact name of its region or grid. */
function treeNode(name: string) {
  return page.locator('.ant-tree-treenode').filter({ has: page.getByText(name, { exact: true }) });
}

/** Waits for the tree's expand animation to end (rc-tree ignores clicks during one). */
async function treeSettled() {
  await expect.poll(() => page.locator('.ant-tree-treenode-motion').count()).toBe(0);
}

async function expand(name: string) {
  await treeSettled();
  await treeNode(name).locator('.ant-tree-switcher').click();
}

describe('web console (browser)', () => {
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    requireBuildAndBrowser(t.config.webRoot);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
    baseUrl = `http://127.0.0.1:${address.port}`;
    await createUser(t.db, { username: 'admin', password: ADMIN_PASSWORD, displayName: '省平安办管理员', grants: [{ role: 'admin', regionCode: '620000000000' }] });
    await addGrid(t);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // The browser logs every 4xx; the session probe on /login and the wrong password are meant.
      if (message.type() === 'error' && !/status of 401/.test(message.text())) pageErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('serves the login page in Chinese within the JavaScript budget', async () => {
    const scripts = recordScripts(page);
    await page.goto(`${baseUrl}/`);
    await page.waitForURL('**/login');
    await expect.poll(() => page.getByRole('button', { name: '登录' }).count()).toBe(1);
    await page.waitForLoadState('networkidle');
    expect(await page.title()).toContain('平安');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    const bytes = scripts.gzipBytes();
    console.log(`initial JS of /login: ${scripts.files.size} files, ${(bytes / 1024).toFixed(1)} KB gzipped`);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(INITIAL_JS_BUDGET);
    await screenshot(page, '01-login');
  });

  it('explains a wrong password and keeps the user on the login page', async () => {
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByLabel('密码').press('Enter');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, '02-login-wrong-password');
  });

  it('signs in through the form and lands on the console with the admin menu', async () => {
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByLabel('密码').press('Enter');
    await page.waitForURL(`${baseUrl}/`);
    const menu = page.getByRole('navigation', { name: '主菜单' });
    await expect.poll(() => menu.getByText('工作台', { exact: true }).count()).toBe(1);
    expect(await menu.getByText('区域与网格', { exact: true }).count()).toBe(1);
    expect(await menu.getByText('系统管理', { exact: true }).count()).toBe(1);
    expect(await page.getByTestId('user-menu').innerText()).toContain('省平安办管理员');
    await expect.poll(() => page.getByText('您好，省平安办管理员').count()).toBe(1);
    await expect.poll(() => page.getByRole('cell', { name: '系统管理员' }).count()).toBe(1);
    await screenshot(page, '03-console');
  });

  it('shows the server status to admins', async () => {
    await page.getByRole('navigation', { name: '主菜单' }).getByText('系统管理', { exact: true }).click();
    await page.waitForURL('**/admin');
    await expect.poll(() => page.getByText('运行正常').count()).toBe(1);
    expect(await page.getByRole('link', { name: '接口文档' }).getAttribute('href')).toBe('/api/docs');
    await screenshot(page, '04-admin');
  });

  it('browses the region tree from the province down to a village and its grid', async () => {
    await page.getByRole('navigation', { name: '主菜单' }).getByText('区域与网格', { exact: true }).click();
    await page.waitForURL('**/regions');
    // One root (the province) opens by itself.
    await expect.poll(() => treeNode('兰州市').count(), { timeout: 15_000 }).toBe(1);
    expect(await treeNode('甘肃省').count()).toBe(1);
    await expand('兰州市');
    await expect.poll(() => treeNode('城关区').count()).toBe(1);
    await expand('城关区');
    await expect.poll(() => treeNode('酒泉路街道').count()).toBe(1);
    expect(await treeNode('张掖路街道').count()).toBe(1);
    await expand('酒泉路街道');
    await expect.poll(() => treeNode('畅家巷社区居委会').count()).toBe(1);
    await expand('畅家巷社区居委会');
    await expect.poll(() => treeNode('畅家巷第一网格').count()).toBe(1);
    expect(await treeNode('畅家巷第一网格').innerText()).toContain(GRID);

    await treeNode('城关区').locator('.ant-tree-node-content-wrapper').click();
    const detail = page.getByTestId('region-detail');
    await expect.poll(() => detail.innerText().catch(() => '')).toContain('620102000000');
    expect(await detail.innerText()).toContain('兰州市');
    await treeSettled();
    await screenshot(page, '05-region-tree');

    await treeNode('畅家巷第一网格').locator('.ant-tree-node-content-wrapper').click();
    const grid = page.getByTestId('grid-detail');
    await expect.poll(() => grid.innerText().catch(() => '')).toContain('王网格');
    expect(await grid.innerText()).toContain('启用');
    await treeSettled();
    await screenshot(page, '06-grid-detail');
  });

  it('is operable from the keyboard', async () => {
    // Tab from the search box into the tree, move with the arrow keys, select with Enter.
    await page.getByLabel('搜索区域').focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.locator('.ant-tree-focused').count()).toBe(1);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const active = page.locator('.ant-tree-treenode-active');
    await expect.poll(() => active.count()).toBe(1);
    const name = (await active.locator('.ant-tree-title > span > span').first().innerText()).trim();
    expect(name).not.toBe('');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('region-detail').locator('h4').innerText().catch(() => '')).toContain(name);
    await screenshot(page, '07-keyboard-focus');
  });

  it('searches a region by name and jumps to it', async () => {
    await page.getByLabel('搜索区域').fill('雁南');
    const option = page.locator('.ant-select-item-option').filter({ hasText: '雁南街道' }).first();
    await option.waitFor();
    await option.click();
    await expect.poll(() => page.getByTestId('region-detail').innerText().catch(() => '')).toContain('620102003000');
    expect(await page.locator('.ant-tree-treenode-selected').innerText()).toContain('雁南街道');
  });

  it('switches to English from the user menu and keeps the choice', async () => {
    await chooseFromUserMenu('English', async () => (await page.locator('html').getAttribute('lang')) === 'en');
    await page.locator('.ant-dropdown-menu').waitFor({ state: 'hidden' });
    const menu = page.getByRole('navigation', { name: 'Main menu' });
    await expect.poll(() => menu.getByText('Regions & grids', { exact: true }).count()).toBe(1);
    expect(await page.getByText('Administrative regions').count()).toBeGreaterThan(0);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // Region names are data, not translated.
    expect(await treeNode('城关区').count()).toBe(1);
    expect(await treeNode('城关区').innerText()).toContain('County');
    await treeSettled();
    await screenshot(page, '08-english');
    await page.reload();
    await expect.poll(() => page.getByRole('navigation', { name: 'Main menu' }).getByText('Workbench', { exact: true }).count()).toBe(1);
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });

  it('signs out back to the login page', async () => {
    await chooseFromUserMenu('Sign out', async () => new URL(page.url()).pathname === '/login');
    await expect.poll(() => page.getByLabel('Username').count()).toBe(1);
    await page.goto(`${baseUrl}/regions`);
    // Signed out, a deep link goes to the login page and remembers where it was going.
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/regions');
  });

  it('gives a grid worker the tree of their own township and no administration', async () => {
    await page.getByLabel('Username').fill('wangge');
    await page.getByLabel('Password').fill(WORKER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/regions`);
    const menu = page.getByRole('navigation', { name: 'Main menu' });
    await expect.poll(() => menu.getByText('Regions & grids', { exact: true }).count()).toBe(1);
    expect(await menu.getByText('Administration', { exact: true }).count()).toBe(0);
    // The root is the grant's region (酒泉路街道), opened; the province is not shown.
    await expect.poll(() => treeNode('畅家巷社区居委会').count(), { timeout: 15_000 }).toBe(1);
    expect(await treeNode('酒泉路街道').count()).toBe(1);
    expect(await treeNode('城关区').count()).toBe(0);
    expect(await treeNode('甘肃省').count()).toBe(0);
    await treeSettled();
    expect(await treeNode('杨家园社区居委会').count()).toBe(1);
    await screenshot(page, '09-grid-worker');
    await page.goto(`${baseUrl}/admin`);
    await expect.poll(() => page.getByText('You do not have access to this page').count()).toBe(1);
  });
});
