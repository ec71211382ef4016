// Pick a unit by typing part of its name (GET /units?q=), within the caller's scope.
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Page, type Unit, api } from './admin.api';

export function UnitPicker({ value, onChange, id }: { value?: number; onChange?: (id: number) => void; id?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<Unit[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api.get<Page<Unit>>('/units', { query: { q: q || undefined, status: 'active', limit: 20 }, signal: controller.signal }).then((page) => setOptions(page.items), () => undefined);
    }, 200);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [q]);
  return (
    <Select<number>
      id={id}
      showSearch
      value={value}
      onChange={(v) => onChange?.(v)}
      filterOption={false}
      onSearch={setQ}
      placeholder={t('admin.pickUnit')}
      options={options.map((u) => ({ value: u.id, label: `${u.name} · ${u.regionName}` }))}
    />
  );
}

/** Pick a person by typing part of their name or username (GET /users?q=). */
export function UserPicker({ value, onChange, id }: { value?: number; onChange?: (id: number) => void; id?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<Array<{ id: number; username: string; displayName: string }>>([]);
  useEffect(() => {
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api
        .get<Page<{ id: number; username: string; displayName: string }>>('/users', { query: { q: q || undefined, status: 'active', limit: 20 }, signal: controller.signal })
        .then((page) => setOptions(page.items), () => undefined);
    }, 200);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [q]);
  return (
    <Select<number>
      id={id}
      showSearch
      value={value}
      onChange={(v) => onChange?.(v)}
      filterOption={false}
      onSearch={setQ}
      placeholder={t('admin.pickUser')}
      options={options.map((u) => ({ value: u.id, label: `${u.displayName} (@${u.username})` }))}
    />
  );
}
