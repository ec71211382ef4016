// The two locale files of the web app stay in step: same keys, same placeholders, and every key the
// code asks for with t('…') exists in both (and every key in them is asked for).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const webSrc = path.resolve('web/src');
const localeFiles = { 'zh-CN': 'web/src/i18n/zh-CN.json', en: 'web/src/i18n/en.json' } as const;

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, child] of Object.entries(value)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof child === 'string') out.set(full, child);
    else if (typeof child === 'object' && child !== null) for (const [k, v] of flatten(child, full)) out.set(k, v);
    else throw new Error(`${full}: a locale value must be a string or an object, not ${typeof child}`);
  }
  return out;
}

function loadLocale(file: string): Map<string, string> {
  return flatten(JSON.parse(readFileSync(path.resolve(file), 'utf8')));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [p] : [];
  });
}

interface Use {
  key: string;
  where: string;
}

function scanUses(): { uses: Use[]; dynamic: string[] } {
  const uses: Use[] = [];
  const dynamic: string[] = [];
  for (const file of sourceFiles(webSrc)) {
    const text = readFileSync(file, 'utf8');
    const rel = path.relative(process.cwd(), file);
    const lineOf = (index: number) => text.slice(0, index).split('\n').length;
    // t('key'), t("key"), t('key', {...}); also i18n.t('key').
    for (const m of text.matchAll(/(?<![\w$])t\(\s*(['"])([^'"\n]+)\1/g)) uses.push({ key: m[2] ?? '', where: `${rel}:${lineOf(m.index)}` });
    // A key built at run time cannot be checked here: the code must spell keys out.
    for (const m of text.matchAll(/(?<![\w$])t\(\s*(`|[A-Za-z_$])/g)) dynamic.push(`${rel}:${lineOf(m.index)}`);
  }
  return { uses, dynamic };
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('web i18n', () => {
  const zh = loadLocale(localeFiles['zh-CN']);
  const en = loadLocale(localeFiles.en);
  const { uses, dynamic } = scanUses();

  it('finds the t() calls of the web app', () => {
    expect(uses.length).toBeGreaterThan(50);
  });

  it('has the same keys in zh-CN.json and en.json', () => {
    expect([...en.keys()].filter((k) => !zh.has(k)), 'in en.json only').toEqual([]);
    expect([...zh.keys()].filter((k) => !en.has(k)), 'in zh-CN.json only').toEqual([]);
  });

  it('has every key used in the code, in both locales', () => {
    const missing = uses.filter((u) => !zh.has(u.key) || !en.has(u.key)).map((u) => `${u.key} (${u.where})`);
    expect(missing).toEqual([]);
  });

  it('has no key the code never uses', () => {
    const used = new Set(uses.map((u) => u.key));
    expect([...zh.keys()].filter((k) => !used.has(k))).toEqual([]);
  });

  it('spells every key out (no t(`…${x}`) or t(variable))', () => {
    expect(dynamic).toEqual([]);
  });

  it('uses the same {{placeholders}} in both languages', () => {
    const differ = [...zh.keys()].filter((k) => JSON.stringify(placeholders(zh.get(k) ?? '')) !== JSON.stringify(placeholders(en.get(k) ?? '')));
    expect(differ).toEqual([]);
  });

  it('leaves no value empty', () => {
    expect([...zh, ...en].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
  });
});
