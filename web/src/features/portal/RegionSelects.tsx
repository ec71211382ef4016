// Where: city → county → township → village (or stop at the township), one select per level with
// search inside it, plus a name search over the whole province that fills every level at once.
// Stacked selects rather than a cascader popup: they fit a 360 px screen.
import { Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Region, portalApi } from './portal.api';
import styles from './Portal.module.css';

export type PlaceLevel = 'city' | 'county' | 'township' | 'village';
const LEVELS: PlaceLevel[] = ['city', 'county', 'township', 'village'];

export interface Place {
  /** Codes chosen so far, city first. */
  codes: string[];
  /** Names of those regions, same order. */
  names: string[];
}

interface Props {
  provinceCode: string;
  value: Place;
  onChange(place: Place): void;
  /** The deepest level asked for. */
  depth: PlaceLevel;
  invalid?: boolean;
}

export function RegionSelects({ provinceCode, value, onChange, depth, invalid }: Props) {
  const { t } = useTranslation();
  const levels = LEVELS.slice(0, LEVELS.indexOf(depth) + 1);
  const [options, setOptions] = useState<Region[][]>([]);
  const [hits, setHits] = useState<Region[]>([]);

  // The options of each level follow the codes chosen above it.
  const parents = [provinceCode, ...value.codes].slice(0, levels.length);
  const key = parents.join(',');
  useEffect(() => {
    let live = true;
    void Promise.all(parents.map((code) => portalApi.children(code).then((r) => r.items, () => [] as Region[]))).then((lists) => {
      if (live) setOptions(lists);
    });
    return () => {
      live = false;
    };
  }, [key]);

  const labels: Record<PlaceLevel, string> = {
    city: t('portal.place.city'),
    county: t('portal.place.county'),
    township: t('portal.place.township'),
    village: t('portal.place.village'),
  };

  const choose = (index: number, picked: { value: string; label: unknown }) => {
    const region = options[index]?.find((r) => r.code === picked.value);
    if (!region) return;
    onChange({ codes: [...value.codes.slice(0, index), region.code], names: [...value.names.slice(0, index), region.name] });
  };

  const search = async (q: string) => {
    if (q.trim().length < 2) {
      setHits([]);
      return;
    }
    try {
      const found = await portalApi.searchRegions(q.trim());
      setHits(found.items.filter((r) => LEVELS.indexOf(r.level as PlaceLevel) >= 0 && LEVELS.indexOf(r.level as PlaceLevel) <= LEVELS.indexOf(depth)));
    } catch {
      setHits([]);
    }
  };

  const pickHit = (code: string) => {
    const hit = hits.find((h) => h.code === code);
    if (!hit) return;
    const path = (hit.path ?? []).filter((p) => p.level !== 'province');
    onChange({ codes: [...path.map((p) => p.code), hit.code], names: [...path.map((p) => p.name), hit.name] });
    setHits([]);
  };

  return (
    <Space direction="vertical" className={styles.fullWidth} size={8}>
      <Select
        showSearch
        className={styles.fullWidth}
        placeholder={t('portal.place.search')}
        aria-label={t('portal.place.search')}
        filterOption={false}
        onSearch={(q) => void search(q)}
        onChange={pickHit}
        value={null}
        notFoundContent={null}
        options={hits.map((h) => ({ value: h.code, label: [...(h.path ?? []).filter((p) => p.level !== 'province').map((p) => p.name), h.name].join(' / ') }))}
      />
      {levels.map((level, index) => (
        <Select
          key={level}
          showSearch
          optionFilterProp="label"
          className={styles.fullWidth}
          status={invalid && !value.codes[index] ? 'error' : undefined}
          placeholder={labels[level]}
          aria-label={labels[level]}
          disabled={index > value.codes.length}
          labelInValue
          value={value.codes[index] ? { value: value.codes[index], label: value.names[index] ?? value.codes[index] } : null}
          onChange={(picked: { value: string; label: unknown }) => choose(index, picked)}
          options={(options[index] ?? []).map((r) => ({ value: r.code, label: r.name }))}
          notFoundContent={t('portal.place.none')}
        />
      ))}
    </Space>
  );
}

export const emptyPlace: Place = { codes: [], names: [] };
