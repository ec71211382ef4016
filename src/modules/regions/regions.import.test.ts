import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { type TestDb, createTestDb, testDialects } from '../../../test/context.js';
import { subtreeRange } from './region-code.js';
import { RegionImportError, importRegionFile, importRegions, parseRegionExtract, readRegionFile, shippedRegionFile } from './regions.import.js';
import { countByLevel, countInRange, findChildren, findRegion } from './regions.repository.js';

const sample = ['code,name', '62,甘肃省', '6201,兰州市', '620102,城关区', '620102001,"酒泉路街道"', '620102001001,"名字, 带逗号"', '620102001002,"引号""里"'].join('\n');

describe('parseRegionExtract', () => {
  it('pads codes to 12 digits, derives level, parent and child counts, and unquotes names', () => {
    const rows = parseRegionExtract(sample);
    expect(rows.map((r) => [r.code, r.level, r.parent_code, r.child_count])).toEqual([
      ['620000000000', 0, null, 1],
      ['620100000000', 1, '620000000000', 1],
      ['620102000000', 2, '620100000000', 1],
      ['620102001000', 3, '620102000000', 2],
      ['620102001001', 4, '620102001000', 0],
      ['620102001002', 4, '620102001000', 0],
    ]);
    expect(rows.at(-2)?.name).toBe('名字, 带逗号');
    expect(rows.at(-1)?.name).toBe('引号"里');
  });

  it('rejects a file without the code,name header', () => {
    expect(() => parseRegionExtract('62,甘肃省\n')).toThrow(/line 1: expected the header "code,name"/);
  });

  it('names every bad line: malformed code, orphan parent, duplicate, padded collision, broken quote, empty name', () => {
    const text = [
      'code,name',
      '62,甘肃省',
      '6201,兰州市',
      '620x,坏',
      '6299,无父测试',
      '629901001,孤儿乡',
      '6201,重复',
      '620100,占位',
      '620102,"未闭合',
      '620103,',
      '12345,五位',
    ].join('\n');
    let message = '';
    try {
      parseRegionExtract(text);
    } catch (error) {
      expect(error).toBeInstanceOf(RegionImportError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/has 7 bad line\(s\)/);
    const lines = [...message.matchAll(/line (\d+):/g)].map((m) => Number(m[1]));
    expect(lines).toEqual([4, 6, 7, 8, 9, 10, 11]);
    expect(message).toContain('line 4: code "620x" is not');
    expect(message).toContain('line 6: 629901001 孤儿乡 has no parent 629901 in the file');
    expect(message).toContain('line 7: code 6201 repeats line 3');
    expect(message).toContain('line 8: code 620100 ends in zeros');
    expect(message).toContain('line 9: a quoted field is not closed');
    expect(message).toContain('line 10: name of 620103 must be');
    expect(message).toContain('line 11: code "12345" is not');
    // 6299 itself is fine: its parent 62 is in the file.
    expect(message).not.toContain('6299 无父测试');
  });

  it('reads the shipped gzip extract', () => {
    const text = readRegionFile(shippedRegionFile('62'));
    expect(text.startsWith('code,name\n62,甘肃省\n6201,兰州市\n')).toBe(true);
  });
});

describe('importing into an empty SQLite database', () => {
  it('loads the 19,224 regions of Gansu in one transaction, well under 2 s', async () => {
    const handle = createDb({ dialect: 'sqlite', url: 'sqlite::memory:', file: ':memory:' });
    try {
      await migrateToLatest(handle.db);
      const started = performance.now();
      const result = await importRegionFile(handle.db, shippedRegionFile('62'));
      const elapsed = performance.now() - started;
      expect(result.total).toBe(19224);
      expect(result.byLevel).toEqual({ province: 1, city: 14, county: 88, township: 1403, village: 17718 });
      expect(elapsed).toBeLessThan(2000);
    } finally {
      await handle.destroy();
    }
  });

  it('writes nothing when any row is bad', async () => {
    const handle = createDb({ dialect: 'sqlite', url: 'sqlite::memory:', file: ':memory:' });
    try {
      await migrateToLatest(handle.db);
      await expect(importRegions(handle.db, `${sample}\n620102001003,ok\n62010200200x,bad\n`)).rejects.toThrow(/line 9/);
      expect((await countByLevel(handle.db)).size).toBe(0);
    } finally {
      await handle.destroy();
    }
  });
});

describe.each(testDialects())('regions loaded by the bootstrap on %s', (dialect) => {
  let t: TestDb;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    dir = mkdtempSync(path.join(os.tmpdir(), 'pingan-regions-test-'));
  });
  afterAll(async () => {
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has Gansu: 1 province, 14 prefecture-level, 88 county-level, 1,403 township-level, 17,718 village-level', async () => {
    const counts = await countByLevel(t.db, '620000000000');
    expect(Object.fromEntries(counts)).toEqual({ 0: 1, 1: 14, 2: 88, 3: 1403, 4: 17718 });
    const gansu = await findRegion(t.db, '620000000000');
    expect(gansu).toMatchObject({ name: '甘肃省', level: 0, parent_code: null, child_count: 14 });
  });

  it('keeps child_count equal to the number of children', async () => {
    const lanzhou = await findRegion(t.db, '620100000000');
    const counties = await findChildren(t.db, '620100000000');
    expect(counties.map((c) => c.name)).toEqual(['城关区', '七里河区', '西固区', '安宁区', '红古区', '永登县', '皋兰县', '榆中县', '兰州新区']);
    expect(lanzhou?.child_count).toBe(counties.length);
  });

  it('counts the villages under 城关区 by code range exactly as walking the tree does', async () => {
    const byRange = await countInRange(t.db, subtreeRange('620102000000'), 4);
    let walked = 0;
    for (const township of await findChildren(t.db, '620102000000')) {
      for (const village of await findChildren(t.db, township.code)) {
        expect(village.level).toBe(4);
        walked++;
      }
    }
    expect(byRange).toBe(181);
    expect(walked).toBe(byRange);
  });

  it('re-imports idempotently, updating names in place and adding new rows', async () => {
    const file = path.join(dir, 'edit.csv.gz');
    writeFileSync(file, gzipSync(['code,name', '62,甘肃省', '6201,兰州市', '620102,城关区（新）', '620102999,测试街道', '620102999001,测试社区'].join('\n')));
    const result = await importRegionFile(t.db, file);
    expect(result.total).toBe(5);
    expect((await findRegion(t.db, '620102000000'))?.name).toBe('城关区（新）');
    expect(await findRegion(t.db, '620102999001')).toMatchObject({ level: 4, parent_code: '620102999000' });
    await importRegionFile(t.db, shippedRegionFile('62'));
    expect((await findRegion(t.db, '620102000000'))?.name).toBe('城关区');
    const counts = await countByLevel(t.db, '620000000000');
    expect(counts.get(4)).toBe(17719);
    expect(counts.get(0)).toBe(1);
  });
});
