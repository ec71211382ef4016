import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { type Client, signInAs } from '../../../test/factories.js';

describe.each(testDialects())('grid CSV import on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;

  const post = (client: Client, csv: string, contentType = 'text/csv; charset=utf-8') =>
    client.inject({ method: 'POST', url: '/api/v1/grids/import', headers: { 'content-type': contentType }, payload: csv });
  const countGrids = async () => Number((await t.db.selectFrom('grids').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const countAudit = async () => Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp(dialect, { PINGAN_BODY_LIMIT_BYTES: String(64 * 1024) });
    ({ client: admin } = await signInAs(t.app, t.db, [{ role: 'admin', regionCode: '620000000000' }]));
  });
  afterAll(async () => t.close());

  it('creates every grid of a valid file, explicit suffixes kept and the others numbered, with an audit row each', async () => {
    const auditBefore = await countAudit();
    const csv = [
      'villageCode,name,suffix',
      '620102001001,"一号网格, 东片",',
      '620102001001,二号网格,005',
      '620102001001,三号网格',
      '620102002001,"带""引号""的网格",010',
      '',
    ].join('\r\n');
    const res = await post(admin, csv);
    expect(res.statusCode).toBe(201);
    expect(res.json().created).toBe(4);
    expect(res.json().items.map((g: { code: string; name: string }) => [g.code, g.name])).toEqual([
      ['620102001001001', '一号网格, 东片'],
      ['620102001001002', '三号网格'],
      ['620102001001005', '二号网格'],
      ['620102002001010', '带"引号"的网格'],
    ]);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'entity_id', 'detail']).where('entity_type', '=', 'grid').orderBy('id').execute();
    expect(await countAudit()).toBe(auditBefore + 4);
    expect(audit.filter((a) => a.action === 'grid.create' && JSON.parse(a.detail).via === 'import').map((a) => a.entity_id).sort()).toEqual([
      '620102001001001',
      '620102001001002',
      '620102001001005',
      '620102002001010',
    ]);
  });

  it('writes nothing when any line is bad, and lists every failing line', async () => {
    const gridsBefore = await countGrids();
    const auditBefore = await countAudit();
    const csv = [
      '620102001002,好网格',
      '620102001000,乡镇不是村',
      '620102001002,' + '长'.repeat(101),
      '620102001999,没有这个村',
      '620102001002,重复后缀甲,007',
      '620102001002,重复后缀乙,007',
      '620102001001,已被占用,005',
      '620102001002,坏后缀,7',
      '620102001002,"未闭合',
      '620102001002',
      '620102001002,又一个好网格',
    ].join('\n');
    const res = await post(admin, csv);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    expect(body.failedLines).toEqual([2, 3, 4, 6, 7, 8, 9, 10]);
    const messages = Object.fromEntries(body.errors.map((e: { field: string; message: string }) => [e.field, e.message]));
    expect(messages['line 2']).toMatch(/not a 12-digit village code/);
    expect(messages['line 3']).toMatch(/name must be at most 100/);
    expect(messages['line 4']).toMatch(/no village 620102001999/);
    expect(messages['line 6']).toMatch(/repeats line 5/);
    expect(messages['line 7']).toMatch(/620102001001005 already exists/);
    expect(messages['line 8']).toMatch(/suffix "7"/);
    expect(messages['line 9']).toMatch(/quoted field/);
    expect(messages['line 10']).toMatch(/found 1 field/);
    expect(await countGrids()).toBe(gridsBefore);
    expect(await countAudit()).toBe(auditBefore);
  });

  it('refuses lines outside the importing operator’s township, and the whole file with them', async () => {
    const { client: operator } = await signInAs(t.app, t.db, [{ role: 'center_operator', regionCode: '620102001000' }]);
    const before = await countGrids();
    const res = await post(operator, '620102001003,本街道\n620102002002,别的街道\n');
    expect(res.statusCode).toBe(400);
    expect(res.json().failedLines).toEqual([2]);
    expect(res.json().errors[0].message).toMatch(/outside the regions where you manage grids/);
    expect(await countGrids()).toBe(before);
    expect((await post(operator, '620102001003,本街道\n')).statusCode).toBe(201);
  });

  it('imports a few hundred lines in one go', async () => {
    const villages = (await t.db.selectFrom('regions').select('code').where('parent_code', '=', '620103001000').orderBy('code').execute()).map((r) => r.code);
    const lines: string[] = [];
    for (const village of villages) for (let i = 1; i <= 40; i++) lines.push(`${village},网格${i}`);
    const res = await post(admin, lines.join('\n'));
    expect(res.statusCode).toBe(201);
    expect(res.json().created).toBe(lines.length);
    const stored = await t.db.selectFrom('grids').select('code').where('code', '>=', '620103001000000').where('code', '<=', '620103001999999').execute();
    expect(stored).toHaveLength(lines.length);
  });

  it('accepts only text/csv within the body limit, from grid-managing roles', async () => {
    const json = await admin.inject({ method: 'POST', url: '/api/v1/grids/import', payload: { csv: '620102001004,x' } });
    expect(json.statusCode).toBe(415);
    const big = await post(admin, `620102001004,${'x'.repeat(70 * 1024)}\n`);
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('payload_too_large');
    const empty = await post(admin, 'villageCode,name\n');
    expect(empty.statusCode).toBe(400);
    const brokenFirstLine = await post(admin, '"620102001004,x\n');
    expect(brokenFirstLine.statusCode).toBe(400);
    expect(brokenFirstLine.json().failedLines).toEqual([1]);
    const { client: volunteer } = await signInAs(t.app, t.db, [{ role: 'volunteer', regionCode: '620102001000' }]);
    expect((await post(volunteer, '620102001004,x\n')).statusCode).toBe(403);
  });
});
