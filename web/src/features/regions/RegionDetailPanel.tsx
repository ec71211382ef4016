// The selected node: for a region its code, level, path and child count; for a grid its code,
// status, village and workers.
import { Breadcrumb, Descriptions, List, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { gridStatusLabel, levelLabel } from '../../i18n/labels';
import { levelColor } from './level-color';
import { type Grid, type GridSummary, type Region, getGrid, getGrids, getRegion } from './regions.api';
import type { TreeItem } from './useRegionTree';

export function RegionDetailPanel({ item, onJump }: { item: Exclude<TreeItem, { kind: 'empty' }>; onJump: (code: string) => void }) {
  return item.kind === 'grid' ? <GridDetail summary={item.grid} onJump={onJump} /> : <RegionDetail code={item.region.code} onJump={onJump} />;
}

function useRegion(code: string) {
  const [region, setRegion] = useState<Region | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const controller = new AbortController();
    setRegion(null);
    setError(null);
    getRegion(code, controller.signal).then(setRegion, (caught: unknown) => {
      if (!controller.signal.aborted) setError(caught);
    });
    return () => controller.abort();
  }, [code]);
  return { region, error };
}

/** How many grids a village has (null while loading or for other levels). */
function useGridCount(villageCode: string | null): number | null {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    setCount(null);
    if (!villageCode) return;
    let live = true;
    getGrids(villageCode).then(
      (grids) => live && setCount(grids.length),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [villageCode]);
  return count;
}

function PathBreadcrumb({ region, onJump }: { region: Pick<Region, 'code' | 'path'>; onJump: (code: string) => void }) {
  const ancestors = region.path.filter((p) => p.code !== region.code);
  if (ancestors.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Breadcrumb
      items={ancestors.map((p) => ({
        key: p.code,
        title: (
          <Typography.Link onClick={() => onJump(p.code)} title={p.code}>
            {p.name}
          </Typography.Link>
        ),
      }))}
    />
  );
}

function RegionDetail({ code, onJump }: { code: string; onJump: (code: string) => void }) {
  const { t } = useTranslation();
  const { region, error } = useRegion(code);
  const gridCount = useGridCount(region?.level === 'village' ? code : null);
  if (error) return <ApiErrorAlert error={error} />;
  if (!region) return <Skeleton active paragraph={{ rows: 4 }} />;
  return (
    <div data-testid="region-detail">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {region.name}{' '}
        <Tag color={levelColor[region.level]} bordered={false} style={{ verticalAlign: 'middle' }}>
          {levelLabel(t, region.level)}
        </Tag>
      </Typography.Title>
      <Descriptions column={1} size="small" bordered styles={{ label: { width: 120 } }}>
        <Descriptions.Item label={t('regions.code')}>
          <Typography.Text copyable code>
            {region.code}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('regions.level')}>{levelLabel(t, region.level)}</Descriptions.Item>
        <Descriptions.Item label={t('regions.path')}>
          <PathBreadcrumb region={region} onJump={onJump} />
        </Descriptions.Item>
        {region.level === 'village' ? (
          <Descriptions.Item label={t('regions.gridCount')}>{gridCount ?? '…'}</Descriptions.Item>
        ) : (
          <Descriptions.Item label={t('regions.childCount')}>{region.childCount}</Descriptions.Item>
        )}
      </Descriptions>
    </div>
  );
}

function useGrid(code: string) {
  const [grid, setGrid] = useState<Grid | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const controller = new AbortController();
    setGrid(null);
    setError(null);
    getGrid(code, controller.signal).then(setGrid, (caught: unknown) => {
      if (!controller.signal.aborted) setError(caught);
    });
    return () => controller.abort();
  }, [code]);
  return { grid, error };
}

function GridDetail({ summary, onJump }: { summary: GridSummary; onJump: (code: string) => void }) {
  const { t } = useTranslation();
  const { grid, error } = useGrid(summary.code);
  const workers = grid?.workers ?? summary.workers;
  return (
    <div data-testid="grid-detail">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {summary.name}{' '}
        <Tag color={levelColor.grid} bordered={false} style={{ verticalAlign: 'middle' }}>
          {levelLabel(t, 'grid')}
        </Tag>
      </Typography.Title>
      {error ? <ApiErrorAlert error={error} /> : null}
      <Descriptions column={1} size="small" bordered styles={{ label: { width: 120 } }}>
        <Descriptions.Item label={t('grids.code')}>
          <Typography.Text copyable code>
            {summary.code}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('grids.status')}>
          <Tag color={summary.status === 'active' ? 'success' : 'default'} bordered={false}>
            {gridStatusLabel(t, summary.status)}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('grids.village')}>
          {grid ? <PathBreadcrumb region={{ code: grid.code, path: grid.regionPath }} onJump={onJump} /> : (summary.regionName ?? <code>{summary.regionCode}</code>)}
        </Descriptions.Item>
        <Descriptions.Item label={t('grids.workers')}>
          {!workers ? (
            <Skeleton active title={false} paragraph={{ rows: 1 }} />
          ) : workers.length === 0 ? (
            <Typography.Text type="secondary">{t('grids.noWorkers')}</Typography.Text>
          ) : (
            <List size="small" split={false} dataSource={workers} renderItem={(w) => <List.Item style={{ padding: '2px 0' }}>{w.displayName}</List.Item>} />
          )}
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}
