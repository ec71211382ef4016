// Place by typing a name: "城关" offers 城关区, 城关镇, …; picking a county or township opens its
// children, picking a village is the answer. All from the keyboard: arrows and Enter choose,
// Backspace in the empty box goes back up one level.
import { EnvironmentOutlined } from '@ant-design/icons';
import { AutoComplete, Input, type InputRef, Tag } from 'antd';
import { forwardRef, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { levelLabel } from '../../i18n/labels';
import { levelColor } from '../regions/level-color';
import { type Region, getChildren, searchRegions } from '../regions/regions.api';

const DEBOUNCE_MS = 200;

interface Props {
  value?: string;
  onChange?: (code: string | undefined) => void;
  /** Search only inside this subtree (the operator's county or city). */
  within?: string;
  id?: string;
  'aria-invalid'?: boolean;
}

function fullName(r: Region): string {
  return [...r.path.filter((p) => p.level === 'township' || p.level === 'county').map((p) => p.name), r.name].join(' / ');
}

export const RegionPicker = forwardRef<InputRef, Props>(function RegionPicker({ value, onChange, within, id, ...rest }, ref) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [base, setBase] = useState<Region | null>(null);
  const [options, setOptions] = useState<Region[]>([]);
  const [picked, setPicked] = useState<Region | null>(null);
  const [focused, setFocused] = useState(false);
  const [failed, setFailed] = useState(false);

  // A form reset clears the value: clear what the box shows too.
  useEffect(() => {
    if (value === undefined && picked) {
      setPicked(null);
      setBase(null);
      setText('');
    }
  }, [value, picked]);

  useEffect(() => {
    if (picked) return;
    const q = text.trim();
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      const load: Promise<Region[]> =
        q !== ''
          ? searchRegions(q, { within: base?.code ?? within, signal: controller.signal })
          : base
            ? getChildren(base.code).then((children) => children.map((c) => ({ ...c, path: [...base.path, { code: base.code, name: base.name, level: base.level }] })))
            : Promise.resolve([]);
      load.then(
        (items) => {
          setFailed(false);
          setOptions(items);
        },
        (error: unknown) => {
          if (!isApiError(error)) return; // aborted
          setFailed(true);
          setOptions([]);
        },
      );
    }, q === '' ? 0 : DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [text, base, within, picked]);

  function pick(code: string) {
    const region = options.find((r) => r.code === code);
    if (!region) return;
    if (region.level === 'village') {
      setPicked(region);
      setText(fullName(region));
      onChange?.(region.code);
    } else {
      setBase(region);
      setText('');
    }
  }

  const open = focused && !picked && (options.length > 0 || (text.trim() !== '' && failed));

  return (
    <div
      onKeyDownCapture={(e) => {
        // Enter chooses the highlighted option (the first by default) while the list is open, and
        // must not also submit the form: handled here, before the list and the form see it.
        if (e.key === 'Enter' && open && options.length > 0) {
          e.preventDefault();
          e.stopPropagation();
          // The option the arrow keys highlighted, as the list marks it; else the first.
          const highlighted = document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option-active [data-region-option]');
          pick(highlighted?.getAttribute('data-region-option') ?? options[0]?.code ?? '');
          return;
        }
        if (e.key === 'Backspace' && text === '' && base && !picked) {
          e.preventDefault();
          const parent = base.path.at(-1);
          setBase(parent && parent.level !== 'province' && parent.level !== 'city' ? { ...parent, parentCode: null, childCount: 0, path: base.path.slice(0, -1) } : null);
        }
      }}
    >
      {base && !picked && (
        <div style={{ marginBottom: 4 }}>
          <Tag color={levelColor[base.level]} closable onClose={() => setBase(null)} closeIcon={<span aria-label={t('hotline.regionClear')}>×</span>}>
            {fullName(base)}
          </Tag>
        </div>
      )}
      <AutoComplete
        id={id}
        style={{ width: '100%' }}
        value={text}
        open={open}
        defaultActiveFirstOption
        options={options.map((r) => ({
          value: r.code,
          label: (
            <span style={{ display: 'flex', alignItems: 'center', gap: 8 }} data-region-option={r.code}>
              <span style={{ display: 'flex', flexDirection: 'column', flex: 1, minWidth: 0 }}>
                <span>{r.name}</span>
                <span style={{ fontSize: 12, color: '#64748b' }}>{r.path.map((p) => p.name).join(' / ')}</span>
              </span>
              <Tag color={levelColor[r.level]} bordered={false} style={{ marginInlineEnd: 0 }}>
                {levelLabel(t, r.level)}
              </Tag>
            </span>
          ),
        }))}
        onChange={(next: string) => {
          // Choosing an option reports its value (the code) here too; pick() sets the text.
          if (options.some((r) => r.code === next)) return;
          setText(next);
          if (picked) {
            setPicked(null);
            onChange?.(undefined);
          }
        }}
        onSelect={(code: string) => pick(code)}
        notFoundContent={failed ? t('hotline.regionFailed') : null}
        popupMatchSelectWidth={420}
      >
        <Input
          ref={ref}
          aria-invalid={rest['aria-invalid']}
          prefix={<EnvironmentOutlined aria-hidden />}
          placeholder={base ? t('hotline.regionBelow', { name: base.name }) : t('hotline.regionPlaceholder')}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
        />
      </AutoComplete>
    </div>
  );
});
