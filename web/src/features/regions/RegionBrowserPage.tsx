// 区域与网格: the region tree of the user's scope, loaded level by level down to villages and their
// grids, a search that jumps to a region, and the details of the selected node.
import { App, Card, Empty, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { gridStatusLabel, levelLabel } from '../../i18n/labels';
import { useMe } from '../auth/session';
import type { Me } from '../auth/session.types';
import { RegionDetailPanel } from './RegionDetailPanel';
import { RegionSearch } from './RegionSearch';
import { levelColor } from './level-color';
import { provinceOf, topmost } from './region-code';
import { type TreeItem, useRegionTree } from './useRegionTree';
import styles from './RegionBrowserPage.module.css';

/** The regions a user's tree starts from: the province for admins, else the regions of their grants. */
export function rootCodesOf(me: Me): string[] {
  const grantCodes = me.grants.map((g) => g.regionCode);
  if (me.scope.all) return topmost(grantCodes.map(provinceOf));
  return topmost(me.scope.regionCodes.length > 0 ? me.scope.regionCodes : grantCodes);
}

function useTreeHeight(): number {
  const [height, setHeight] = useState(() => Math.max(360, window.innerHeight - 260));
  useEffect(() => {
    const onResize = () => setHeight(Math.max(360, window.innerHeight - 260));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return height;
}

export default function RegionBrowserPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const rootCodes = useMemo(() => rootCodesOf(me), [me]);
  const { state, ensureChildren, jumpTo, setExpanded, setSelected, loadedKeys } = useRegionTree(rootCodes);
  const treeHeight = useTreeHeight();
  const treeRef = useRef<React.ComponentRef<typeof Tree>>(null);

  const treeData = useMemo(() => {
    const build = (key: string): TreeDataNode => {
      const item = state.items[key];
      const kids = state.children[key];
      return {
        key,
        title: item ? <NodeTitle item={item} /> : key,
        isLeaf: !item || isLeaf(item),
        selectable: item?.kind !== 'empty',
        ...(kids ? { children: kids.map(build) } : {}),
      };
    };
    return state.roots.map(build);
    // t: titles are translated at build time.
  }, [state.roots, state.items, state.children, t]);

  useEffect(() => {
    if (state.selected) treeRef.current?.scrollTo({ key: state.selected, align: 'auto' });
  }, [state.selected, state.expanded]);

  async function jump(code: string) {
    try {
      const found = await jumpTo(code);
      if (!found) void message.warning(t('regions.outOfScope'));
    } catch (caught) {
      void message.error(t('regions.loadFailed'));
      console.warn('jump to region failed', caught);
    }
  }

  const selectedItem = state.selected ? state.items[state.selected] : undefined;

  return (
    <div className={styles.layout}>
      <Card className={styles.treeCard} title={t('regions.treeTitle')} extra={<RegionSearch roots={rootCodes} onPick={jump} />}>
        {state.loading ? (
          <PageLoading />
        ) : state.error ? (
          <ApiErrorAlert error={state.error} />
        ) : state.roots.length === 0 ? (
          <Empty description={t('regions.noScope')} />
        ) : (
          <Tree
            ref={treeRef}
            className={styles.tree}
            aria-label={t('regions.treeTitle')}
            treeData={treeData}
            height={treeHeight}
            blockNode
            showLine={{ showLeafIcon: false }}
            expandedKeys={state.expanded}
            loadedKeys={loadedKeys}
            selectedKeys={state.selected ? [state.selected] : []}
            onExpand={(keys) => setExpanded(keys.map(String))}
            onSelect={(keys) => setSelected(keys.length > 0 ? String(keys[0]) : null)}
            loadData={(node) =>
              ensureChildren(String(node.key)).catch((caught: unknown) => {
                void message.error(t('regions.loadFailed'));
                console.warn('loading children failed', caught);
              })
            }
          />
        )}
      </Card>
      <Card className={styles.detailCard} title={t('regions.detailTitle')}>
        {selectedItem && selectedItem.kind !== 'empty' ? (
          <RegionDetailPanel item={selectedItem} onJump={jump} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('regions.selectHint')} />
        )}
      </Card>
    </div>
  );
}

function isLeaf(item: TreeItem): boolean {
  if (item.kind !== 'region') return true;
  return item.region.level !== 'village' && item.region.childCount === 0;
}

function NodeTitle({ item }: { item: TreeItem }) {
  const { t } = useTranslation();
  if (item.kind === 'empty') {
    return <Typography.Text type="secondary">{t('regions.noGrids')}</Typography.Text>;
  }
  if (item.kind === 'grid') {
    return (
      <span className={styles.nodeTitle}>
        <span className={styles.nodeName}>{item.grid.name}</span>
        <code className={styles.gridCode}>{item.grid.code}</code>
        <Tag color={item.grid.status === 'active' ? 'success' : 'default'} bordered={false}>
          {gridStatusLabel(t, item.grid.status)}
        </Tag>
      </span>
    );
  }
  const { region } = item;
  return (
    <span className={styles.nodeTitle}>
      <span className={styles.nodeName}>{region.name}</span>
      <Tag color={levelColor[region.level]} bordered={false}>
        {levelLabel(t, region.level)}
      </Tag>
      {region.childCount > 0 && <span className={styles.count}>{region.childCount}</span>}
    </span>
  );
}
