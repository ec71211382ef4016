// Mediation and the violence-risk early warning in the console, in Debian's chromium against the
// real server and the production build. A mediator takes a neighbour dispute into mediation, screens
// it, records a session, drafts the agreement, prints it and has it signed and sealed; then assesses
// another dispute between neighbours who clashed three times this year, where one threatened to
// kill: an orange warning. A township coordinator finds it on the worklist, sees the facts behind it,
// acknowledges it, holds a case conference with two actions and proposes to lower the tier — which
// one person cannot do; the centre head, as the second reviewer, lowers it with a reason.
// Setup goes through the API and factories; everything after that through the browser.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, TOWNSHIP, act, createCaseWorld, disputeBody } from '../case-fixtures.js';
import { type TestApp, createTestApp } from '../context.js';
import { type Client, createUnit, createUser, signIn } from '../factories.js';
import { launchChromium, requireBuildAndBrowser, screenshot } from './browser.js';

const PASSWORD = 'Jiuquan-Road-2026';
const VIEWPORT = { width: 1280, height: 900 };

let t: TestApp;
let w: CaseWorld;
let browser: Browser;
let baseUrl: string;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

/** A neighbour dispute, accepted and dispatched to the committee, acknowledged by its mediator. */
async function disputeAtCommittee(mediator: Client, committeeId: number, body: Record<string, unknown>) {
  const created = await w.operator.inject({ method: 'POST', url: '/api/v1/cases', payload: { ...disputeBody, ...body } });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as number;
  expect((await act(w.operator, id, 'accept')).statusCode).toBe(200);
  expect((await act(w.operator, id, 'dispatch', { leadUnitId: committeeId })).statusCode).toBe(200);
  expect((await act(mediator, id, 'acknowledge')).statusCode).toBe(200);
  return { id, trackingCode: created.json().trackingCode as string };
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 401/.test(message.text())) pageErrors.push(message.text());
  });
  return page;
}

async function signInAt(page: Page, username: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByLabel('密码').press('Enter');
  await page.waitForURL(`${baseUrl}/`);
}

/** A full-page screenshot from the top, once nothing is loading. */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton').count()).toBe(0);
  await screenshot(page, name);
}

/** The form item whose label (or content) reads `label`, within `scope`. */
function formItem(scope: Page | ReturnType<Page['locator']>, label: string) {
  return scope.locator('.ant-form-item').filter({ hasText: label });
}

/** Picks an option of the antd Select inside `select`. */
/** Picks an option of an antd Select and waits until the Select shows it (a click during the
 * dropdown's opening animation can be lost on a busy machine, so it tries again). */
async function choose(page: Page, select: ReturnType<Page['locator']>, option: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    await select.locator('.ant-select-selector').click();
    const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
    await item.waitFor();
    await item.click();
    const chosen = await expect
      .poll(() => select.locator('.ant-select-selection-item').innerText().catch(() => ''), { timeout: 3_000 })
      .toContain(option)
      .then(() => true)
      .catch(() => false);
    if (chosen) return;
  }
  throw new Error(`could not choose "${option}"`);
}

describe('mediation and risk warnings (browser)', () => {
  let mediationCase: { id: number; trackingCode: string };
  let riskCases: Array<{ id: number; trackingCode: string }> = [];
  let mediationId = 0;
  let warningUrl = '';

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    requireBuildAndBrowser(t.config.webRoot);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
    baseUrl = `http://127.0.0.1:${address.port}`;

    w = await createCaseWorld(t.app, t.db);
    const committee = await createUnit(t.db, { regionCode: TOWNSHIP, kind: 'mediation_committee', name: '酒泉路街道人民调解委员会' });
    const mediatorUser = await createUser(t.db, { username: 'tiaojie', password: PASSWORD, displayName: '李调解', grants: [{ role: 'mediator', unitId: committee.id }] });
    await createUser(t.db, { username: 'zhengfa', password: PASSWORD, displayName: '王政法', grants: [{ role: 'township_coordinator', unitId: w.townshipCenterId }] });
    await createUser(t.db, { username: 'zhuren', password: PASSWORD, displayName: '赵主任', grants: [{ role: 'center_head', unitId: w.townshipCenterId }] });
    const mediator = await signIn(t.app, t.db, mediatorUser.id);

    mediationCase = await disputeAtCommittee(mediator, committee.id, { title: '楼道堆放杂物引发邻里纠纷' });
    // The same two neighbours clashed twice before this year: with the third dispute, three incidents.
    const parties = [
      { name: '王五', phone: '13700000001', role: 'applicant' },
      { name: '赵六', phone: '13700000002', role: 'respondent' },
    ];
    for (const title of ['宅基地边界争执', '院墙排水引发争吵', '宅基地纠纷再起冲突，一方扬言报复']) {
      riskCases.push(await disputeAtCommittee(mediator, committee.id, { title, parties, reporter: { name: '王五', phone: '13700000001' }, description: `${title}：王五与赵六两家因宅基地和排水多次发生冲突。` }));
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.close();
  });

  describe('the mediator', () => {
    let page: Page;
    beforeAll(async () => {
      page = await newPage();
      await signInAt(page, 'tiaojie');
    });

    it('finds the disputes sent to the committee and takes one into mediation on a party’s application', async () => {
      await page.getByRole('navigation', { name: '主菜单' }).getByText('人民调解', { exact: true }).click();
      await page.waitForURL('**/mediations');
      const waiting = page.getByTestId('waiting-disputes');
      await expect.poll(() => waiting.getByText('楼道堆放杂物引发邻里纠纷').count()).toBe(1);
      await shot(page, 'mediation-risk-01-mediation-worklist');

      await page.getByRole('link', { name: `受理调解：${mediationCase.trackingCode}` }).click();
      await page.waitForURL(`**/cases/${mediationCase.id}/mediation`);
      await page.getByTestId('mediation-panel').getByRole('button', { name: '受理调解' }).click();
      const form = page.getByTestId('open-mediation');
      await expect.poll(() => form.getByText('由我担任调解员').count()).toBe(1);
      await form.getByLabel('申请或移送说明').fill('申请人李四到调委会口头申请调解');
      await shot(page, 'mediation-risk-02-take-into-mediation');
      await form.getByRole('button', { name: '受理', exact: true }).click();
      await page.waitForURL(/\/mediations\/\d+$/);
      mediationId = Number(new URL(page.url()).pathname.split('/').pop());
      expect(mediationId).toBeGreaterThan(0);
      await expect.poll(() => page.getByTestId('mediation-status').innerText()).toBe('调解中');
    });

    it('runs the safety screen: a fearful party rules out a joint session and asks for a risk review', async () => {
      const screening = page.getByTestId('screening');
      await formItem(screening, '是否有一方害怕对方？').getByText('是', { exact: true }).click();
      for (const q of ['是否发生过暴力或威胁？', '是否提到过凶器？', '是否存在控制、纠缠对方的行为？']) await formItem(screening, q).getByText('否', { exact: true }).click();
      await expect.poll(() => screening.getByTestId('screening-concern').count()).toBe(1);
      // Joint is not offered once the screen finds a concern.
      expect(await formItem(screening, '调解方式').getByLabel('面对面调解').isDisabled()).toBe(true);
      await formItem(screening, '调解方式').getByText('背对背调解').click();
      await screening.getByLabel('备注').fill('申请人害怕与对方见面');
      await screening.getByRole('button', { name: '保存筛查结果' }).click();
      const latest = screening.getByTestId('screening-latest');
      await expect.poll(() => latest.innerText().catch(() => '')).toContain('背对背调解');
      expect(await latest.innerText()).toContain('已提请风险复核');
      // The review the screen asked for: a yellow warning that forbids joint sessions.
      await expect.poll(() => page.getByTestId('mediation-risk').innerText().catch(() => '')).toContain('黄 · 关注');
      await shot(page, 'mediation-risk-03-safety-screen');
    });

    it('records a shuttle session with its attendees, minutes and outcome', async () => {
      await page.getByRole('tab', { name: '调解会谈' }).click();
      const form = page.locator('form').filter({ has: page.getByRole('button', { name: '保存会谈记录' }) });
      await expect.poll(() => form.getByText('目前允许的方式：背对背调解').count()).toBe(1);
      await form.getByLabel('会谈记录').fill('分别听取双方意见。张三同意三日内清理楼道杂物，双方同意今后有事先找社区调解。');
      await choose(page, formItem(form, '结果'), '达成一致');
      await form.getByRole('button', { name: '保存会谈记录' }).click();
      const sessions = page.getByTestId('sessions');
      await expect.poll(() => sessions.innerText()).toContain('达成一致');
      expect(await sessions.innerText()).toContain('背对背调解');
      expect(await sessions.innerText()).toContain('调解员 李调解');
      await shot(page, 'mediation-risk-04-session');
    });

    it('drafts the agreement with two terms and generates its PDF', async () => {
      await page.getByRole('tab', { name: '调解协议' }).click();
      const editor = page.getByTestId('agreement-editor');
      await editor.getByLabel('纠纷的主要事实和争议事项').fill('张三长期在楼道堆放杂物，堵塞通道，李四多次交涉未果，双方发生争吵。');
      await editor.getByLabel('各方当事人的责任').fill('张三对堵塞通道负主要责任；李四言语过激，负次要责任。');
      await editor.getByTestId('term-0').getByLabel('第 1 条', { exact: true }).fill('张三清理楼道内堆放的杂物，恢复通道畅通');
      await editor.getByTestId('term-0').getByLabel('履行方式').fill('张三自行清理，调解员现场查看');
      await editor.getByRole('button', { name: '添加条款' }).click();
      await editor.getByTestId('term-1').getByLabel('第 2 条', { exact: true }).fill('双方互不在楼道堆放物品，如有争议先找社区调解');
      await editor.getByTestId('term-1').getByLabel('履行方式').fill('双方书面承诺');
      await shot(page, 'mediation-risk-05-agreement-editor');
      await editor.getByRole('button', { name: '保存协议草稿' }).click();
      const view = page.getByTestId('agreement-view');
      await expect.poll(() => view.innerText().catch(() => '')).toContain('张三清理楼道内堆放的杂物');
      expect(await view.innerText()).toContain('草稿');

      const pdfButton = page.getByTestId('agreement-pdf');
      const href = await pdfButton.getAttribute('href');
      expect(href).toBe(`/api/v1/mediations/${mediationId}/agreement.pdf`);
      const [popup] = await Promise.all([page.context().waitForEvent('page'), pdfButton.click()]);
      expect(popup.url()).toContain(`/mediations/${mediationId}/agreement.pdf`);
      await popup.close();
      const pdf = await page.context().request.get(`${baseUrl}${href}`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    });

    it('records both signatures and seals the agreement: it takes effect', async () => {
      const signing = page.getByTestId('signing');
      for (let signed = 1; signed <= 2; signed++) {
        await signing.getByRole('button', { name: /^记录 .* 的签名$/ }).first().click();
        await expect.poll(() => signing.getByText(/已签名（/).count()).toBe(signed);
      }
      await signing.getByRole('button', { name: '盖章，协议生效' }).click();
      await page.getByRole('button', { name: '盖章', exact: true }).click();
      await expect.poll(() => signing.getByTestId('sealed').innerText().catch(() => '')).toContain('tiaojie');
      await expect.poll(() => page.getByTestId('mediation-status').innerText()).toBe('已达成协议');
      expect(await page.getByTestId('agreement-view').innerText()).toContain('已生效');
      // Steps: past the agreement, on to follow-ups (judicial confirmation is up to the parties).
      expect(await page.locator('.ant-steps-item-process .ant-steps-item-title').innerText()).toBe('回访');
      await shot(page, 'mediation-risk-06-signed-and-sealed');
      await page.getByRole('tab', { name: '司法确认' }).click();
      await expect.poll(() => page.getByTestId('confirmation').innerText().catch(() => '')).toContain('申请期限届满');
      await page.getByRole('tab', { name: '回访与履行' }).click();
      await expect.poll(() => page.getByTestId('follow-ups').getByText('待回访').count()).toBe(1);
      await shot(page, 'mediation-risk-07-follow-ups');
    });

    it('assesses the dispute between the neighbours who clashed three times: a threat to kill makes it orange', async () => {
      const subject = riskCases[2];
      if (!subject) throw new Error('no subject case');
      await page.goto(`${baseUrl}/cases/${subject.id}/risk`);
      const panel = page.getByTestId('risk-panel');
      await panel.getByRole('button', { name: '风险评估' }).click();
      const form = panel.getByTestId('assess-form');
      await expect.poll(() => form.getByText('矛盾纠纷激化风险红旗清单').count()).toBe(1);
      const answers: Array<[string, string]> = [
        ['是否有一方扬言要杀死对方或其家人？', '是'],
        ['过去十二个月内，双方是否已发生三次或以上冲突？', '是'],
        ['是否有一方持有或能随手取得刀具', '否'],
        ['冲突中是否有人使用或亮出过凶器？', '否'],
        ['是否发生过掐脖子', '否'],
      ];
      for (const [question, answer] of answers) await formItem(form, question).getByText(answer, { exact: true }).click();
      await form.getByRole('button', { name: '提交评估' }).click();
      const result = form.getByTestId('assess-result');
      await expect.poll(() => result.innerText().catch(() => '')).toContain('橙 · 高');
      expect(await result.innerText()).toContain('已产生预警');
      await shot(page, 'mediation-risk-08-risk-assessment');
      await result.getByRole('button', { name: '完成' }).click();
      await expect.poll(() => panel.getByTestId('risk-warning-line').locator('[data-tier]').getAttribute('data-tier')).toBe('orange');
      // The panel is on the case page too.
      await page.goto(`${baseUrl}/cases/${subject.id}`);
      await expect.poll(() => page.getByTestId('risk-panel').getByTestId('risk-warning-line').locator('[data-tier]').getAttribute('data-tier').catch(() => null), { timeout: 15_000 }).toBe('orange');
    });
  });

  describe('the reviewers', () => {
    let page: Page;
    beforeAll(async () => {
      page = await newPage();
      await signInAt(page, 'zhengfa');
    });

    it('see the orange warning on the worklist, with its tier in colour and in words', async () => {
      await page.getByRole('navigation', { name: '主菜单' }).getByText('风险预警', { exact: true }).click();
      await page.waitForURL('**/risk/warnings');
      const list = page.getByTestId('warnings-worklist');
      const row = list.locator('tr').filter({ hasText: '宅基地纠纷再起冲突，一方扬言报复' });
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.locator('[data-tier]').innerText()).toBe('橙 · 高');
      expect(await row.innerText()).toContain('待复核');
      // The screen's review on the other dispute is there too, yellow.
      expect(await list.locator('tr').filter({ hasText: '楼道堆放杂物引发邻里纠纷' }).locator('[data-tier]').innerText()).toBe('黄 · 关注');
      await shot(page, 'mediation-risk-09-warnings-worklist');
      await row.getByRole('link', { name: '宅基地纠纷再起冲突，一方扬言报复' }).click();
      await page.waitForURL(/\/risk\/warnings\/\d+$/);
      warningUrl = page.url();
    });

    it('shows every fact behind the warning: the answers, the rule with its three cases, the instrument and its limits', async () => {
      const factors = page.getByTestId('warning-factors');
      await expect.poll(() => factors.innerText().catch(() => '')).toContain('是否有一方扬言要杀死对方或其家人？');
      const items = factors.locator('tbody tr.ant-table-row');
      expect(await items.count()).toBe(2);
      expect(await items.nth(0).innerText()).toContain('是');
      expect(await items.nth(1).innerText()).toContain('过去十二个月内，双方是否已发生三次或以上冲突？');
      const cases = factors.getByTestId('rule-cases-incidents-3-in-12m');
      for (const c of riskCases) expect(await cases.getByRole('link', { name: c.trackingCode }).getAttribute('href')).toBe(`/cases/${c.id}`);
      expect(await page.getByTestId('instrument-limits').innerText()).toContain('Not validated');
      expect(await page.getByTestId('warning-disclaimer').innerText()).toContain('从不是对任何人的评判');
      expect(await page.getByTestId('required-actions').innerText()).toContain('5个工作日内召开会商研判');
      await shot(page, 'mediation-risk-10-warning');
    });

    it('the named reviewer acknowledges it with a reason', async () => {
      const review = page.getByTestId('warning-review');
      await review.getByLabel('理由', { exact: true }).fill('已核实：赵六当众扬言要杀死王五一家，双方一年内三次冲突，需会商研判');
      await review.getByRole('button', { name: '确认预警' }).click();
      await expect.poll(() => review.innerText()).toContain('已确认');
      expect(await review.innerText()).toContain('zhengfa');
      expect(await review.innerText()).toContain('确认等级');
    });

    it('holds a case conference with two actions, each with an owner and a deadline', async () => {
      const conferences = page.getByTestId('conferences');
      await conferences.getByRole('button', { name: '召开会商研判' }).click();
      const form = conferences.getByTestId('conference-form');
      await form.getByLabel('主持人').fill('酒泉路街道政法委员');
      await form.getByTestId('agency-row-0').getByLabel('提供的情况').fill('派出所已两次出警，双方均有报警记录');
      await form.getByRole('button', { name: '添加参会单位' }).click();
      await choose(page, form.getByTestId('agency-row-1').locator('.ant-select'), '妇联');
      await form.getByTestId('agency-row-1').getByLabel('提供的情况').fill('可为受威胁一方提供临时庇护');
      await form.getByLabel('研判结论').fill('暂停调解；派出所上门了解情况并告诫；妇联联系受威胁一方告知庇护渠道。');
      await form.getByTestId('action-row-0').getByLabel('措施', { exact: true }).fill('派出所民警上门了解情况并记录');
      await form.getByTestId('action-row-0').getByLabel('责任人/单位').fill('酒泉路派出所');
      await form.getByRole('button', { name: '添加措施' }).click();
      await form.getByTestId('action-row-1').getByLabel('措施', { exact: true }).fill('联系受威胁一方，告知庇护和求助渠道');
      await form.getByTestId('action-row-1').getByLabel('责任人/单位').fill('街道妇联');
      await shot(page, 'mediation-risk-11-conference-form');
      await form.getByRole('button', { name: '保存会商记录' }).click();
      const card = conferences.locator('[data-testid^="conference-"]').filter({ hasText: '会商研判 ·' });
      await expect.poll(() => card.count()).toBe(1);
      const text = await card.innerText();
      for (const expected of ['派出所民警上门了解情况并记录', '酒泉路派出所', '联系受威胁一方，告知庇护和求助渠道', '街道妇联', '可为受威胁一方提供临时庇护', '公安派出所', '妇联']) expect(text).toContain(expected);
      expect(await card.getByTestId('conference-action').filter({ hasText: '进行中' }).count()).toBe(2);
      await shot(page, 'mediation-risk-12-conference');
    });

    it('refuses to let one reviewer lower the tier alone, and says why', async () => {
      const lower = page.getByTestId('lower-tier');
      expect(await lower.innerText()).toContain('降低等级须由两位不同的复核人决定');
      await choose(page, formItem(lower, '等级'), '黄 · 关注');
      await lower.getByLabel('书面理由').fill('威胁方已搬到县城居住');
      await lower.getByRole('button', { name: '提议降级' }).click();
      const refused = page.getByTestId('lowering-not-applied');
      await expect.poll(() => refused.innerText().catch(() => '')).toContain('等级未降低，仍为 橙 · 高');
      const pending = page.getByTestId('pending-lowering');
      expect(await pending.innerText()).toContain('您本人不能完成');
      expect(await pending.innerText()).toContain('zhengfa');
      // The proposer is offered no way to complete it, and the tier is still orange.
      expect(await pending.getByRole('button', { name: /同意降为/ }).count()).toBe(0);
      expect(await page.getByTestId('warning-page').locator('h2').locator('..').locator('[data-tier]').first().getAttribute('data-tier')).toBe('orange');
      await shot(page, 'mediation-risk-13-lowering-refused');
    });

    it('the second reviewer lowers it with a reason', async () => {
      const second = await newPage();
      await signInAt(second, 'zhuren');
      await second.goto(warningUrl);
      const pending = second.getByTestId('pending-lowering');
      await expect.poll(() => pending.innerText().catch(() => '')).toContain('第一位复核人的理由：威胁方已搬到县城居住');
      expect(await pending.innerText()).toContain('您可以作为第二位复核人同意或不同意');
      await pending.getByLabel('您的理由（作为第二位复核人）').fill('已向派出所核实：威胁方已搬离本村，近期无接触');
      await pending.getByRole('button', { name: '同意降为 黄 · 关注' }).click();
      const header = second.getByTestId('warning-page').locator('h2').locator('..');
      await expect.poll(() => header.locator('[data-tier]').first().getAttribute('data-tier')).toBe('yellow');
      const history = second.getByTestId('warning-history');
      await expect.poll(() => history.innerText()).toContain('降低等级');
      expect(await history.innerText()).toContain('已同意');
      expect(await history.innerText()).toContain('zhuren');
      await shot(second, 'mediation-risk-14-lowered-by-second-reviewer');
      // The same page in English.
      await second.getByTestId('user-menu').click();
      await second.getByRole('menuitem', { name: 'English' }).click();
      await second.locator('.ant-dropdown-menu').waitFor({ state: 'hidden' });
      await expect.poll(() => header.locator('[data-tier]').first().innerText()).toBe('Yellow · elevated');
      expect(await second.getByTestId('warning-disclaimer').innerText()).toContain('never a judgement of a person');
      expect(await second.getByTestId('warning-history').innerText()).toContain('Tier lowered');
      await shot(second, 'mediation-risk-15-warning-in-english');
    });
  });

  it('raised no error in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
