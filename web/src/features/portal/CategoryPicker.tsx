// What happened: the category groups as chips, a group's categories under it, and a search over
// every category's name (Chinese and English) and keywords.
import { SearchOutlined } from '@ant-design/icons';
import { Input, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicCategory } from './portal.api';
import styles from './Portal.module.css';

type Leaf = PublicCategory['children'][number] & { group: string };

interface Props {
  categories: PublicCategory[];
  value: string | undefined;
  onChange(leaf: Leaf): void;
}

export function CategoryPicker({ categories, value, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [query, setQuery] = useState('');
  const leaves = useMemo<Leaf[]>(() => categories.flatMap((g) => g.children.map((c) => ({ ...c, group: en ? g.nameEn : g.name }))), [categories, en]);
  const selected = leaves.find((l) => l.code === value);
  const [group, setGroup] = useState<string | undefined>(() => categories.find((g) => g.children.some((c) => c.code === value))?.code);
  const name = (c: { name: string; nameEn: string }) => (en ? c.nameEn : c.name);

  const q = query.trim().toLowerCase();
  const matches = q ? leaves.filter((l) => [l.name, l.nameEn, l.keywords, l.group].some((s) => s.toLowerCase().includes(q))) : [];
  const chip = (leaf: Leaf) => (
    <button key={leaf.code} type="button" className={styles.chip} aria-pressed={leaf.code === value} onClick={() => onChange(leaf)}>
      {name(leaf)}
    </button>
  );

  return (
    <div>
      <Input
        allowClear
        prefix={<SearchOutlined aria-hidden />}
        placeholder={t('portal.report.categorySearch')}
        aria-label={t('portal.report.categorySearch')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        style={{ marginBottom: 12 }}
      />
      {q ? (
        <div className={styles.chips} aria-live="polite">
          {matches.length > 0 ? matches.map(chip) : <Typography.Text type="secondary">{t('portal.report.categoryNone')}</Typography.Text>}
        </div>
      ) : (
        <>
          <div className={styles.categoryGroupName}>{t('portal.report.categoryGroups')}</div>
          <div className={styles.chips} style={{ marginBottom: 12 }}>
            {categories.map((g) => (
              <button key={g.code} type="button" className={styles.chip} aria-pressed={g.code === group} onClick={() => setGroup(g.code)}>
                {name(g)}
              </button>
            ))}
          </div>
          {group && (
            <div className={styles.categoryGroup}>
              <div className={styles.categoryGroupName}>{t('portal.report.categoryChoose')}</div>
              <div className={styles.chips}>{leaves.filter((l) => categories.find((g) => g.code === group)?.children.some((c) => c.code === l.code)).map(chip)}</div>
            </div>
          )}
        </>
      )}
      {selected && (
        <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }} data-testid="category-chosen">
          {t('portal.report.categoryChosen', { name: `${selected.group} / ${name(selected)}` })}
        </Typography.Paragraph>
      )}
    </div>
  );
}
