// Search regions by name (GET /regions?q=) and jump to the one picked.
import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Input, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { levelLabel } from '../../i18n/labels';
import { levelColor } from './level-color';
import { isInSubtree } from './region-code';
import { type Region, searchRegions } from './regions.api';

const DEBOUNCE_MS = 250;

/** Searches within the tree's roots: on the server when there is one root, else by filtering. */
export function RegionSearch({ roots, onPick }: { roots: string[]; onPick: (code: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [results, setResults] = useState<Region[]>([]);
  const rootKey = roots.join(',');
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const q = text.trim();
    if (q === '') {
      setResults([]);
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      const within = roots.length === 1 ? roots[0] : undefined;
      searchRegions(q, { within, signal: controller.signal }).then(
        (items) => {
          setFailed(false);
          setResults(items.filter((r) => roots.some((root) => isInSubtree(r.code, root))));
        },
        (error: unknown) => {
          if (!isApiError(error)) return; // aborted: a newer query is on its way
          setFailed(true);
          setResults([]);
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
    // roots is a new array on each render; rootKey is its value.
  }, [text, rootKey]);

  const options = results.map((r) => ({
    value: r.code,
    label: (
      <span style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        <span style={{ display: 'flex', flexDirection: 'column', flex: 1, minWidth: 0 }}>
          <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{r.name}</span>
          <span style={{ fontSize: 12, color: '#94a3b8', overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {r.path.map((p) => p.name).join(' / ') || r.code}
          </span>
        </span>
        <Tag color={levelColor[r.level]} bordered={false} style={{ marginInlineEnd: 0 }}>
          {levelLabel(t, r.level)}
        </Tag>
      </span>
    ),
  }));

  return (
    <AutoComplete
      style={{ width: '100%' }}
      value={text}
      options={options}
      onChange={setText}
      onSelect={(code: string) => {
        const picked = results.find((r) => r.code === code);
        setText(picked?.name ?? '');
        onPick(code);
      }}
      notFoundContent={text.trim() ? (failed ? t('regions.searchFailed') : t('regions.searchNone')) : null}
      popupMatchSelectWidth={360}
    >
      <Input allowClear prefix={<SearchOutlined aria-hidden />} placeholder={t('regions.searchPlaceholder')} aria-label={t('regions.searchLabel')} />
    </AutoComplete>
  );
}
