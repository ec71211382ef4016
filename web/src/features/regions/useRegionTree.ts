// The state behind the region tree: nodes loaded so far, children loaded on demand (a village's
// children are its grids), expanded and selected keys, and jumping to any region by code.
import { useCallback, useEffect, useRef, useState } from 'react';
import { type GridSummary, type RegionSummary, getChildren, getGrids, getRegion } from './regions.api';
import { isInSubtree } from './region-code';

export type TreeItem =
  | { kind: 'region'; key: string; region: RegionSummary }
  | { kind: 'grid'; key: string; grid: GridSummary }
  | { kind: 'empty'; key: string; parentKey: string };

export const regionKey = (code: string) => `r:${code}`;
export const gridKey = (code: string) => `g:${code}`;

export interface RegionTreeState {
  roots: string[];
  items: Record<string, TreeItem>;
  children: Record<string, string[]>;
  expanded: string[];
  selected: string | null;
  loading: boolean;
  error: unknown;
}

export function useRegionTree(rootCodes: string[]) {
  const [roots, setRoots] = useState<string[]>([]);
  const [items, setItems] = useState<Record<string, TreeItem>>({});
  const [children, setChildren] = useState<Record<string, string[]>>({});
  const [expanded, setExpanded] = useState<string[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  // Items and in-flight loads, readable from async code without stale closures.
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const inflight = useRef(new Map<string, Promise<void>>());
  const loaded = useRef(new Set<string>());
  const rootKey = rootCodes.join(',');

  const addItems = useCallback((added: TreeItem[]) => {
    const next = { ...itemsRef.current };
    for (const item of added) next[item.key] = item;
    itemsRef.current = next;
    setItems(next);
  }, []);

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    Promise.all(rootCodes.map((code) => getRegion(code))).then(
      (regions) => {
        if (!live) return;
        addItems(regions.map((region) => ({ kind: 'region', key: regionKey(region.code), region })));
        setRoots(regions.map((r) => regionKey(r.code)));
        // One root: open it, there is nothing else to look at.
        const only = regions.length === 1 ? regions[0] : undefined;
        if (only) {
          const key = regionKey(only.code);
          ensureChildren(key).then(
            () => live && setExpanded([key]),
            (caught: unknown) => live && setError(caught),
          );
        }
        setLoading(false);
      },
      (caught: unknown) => {
        if (!live) return;
        setError(caught);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
    // Reload only when the root codes change (rootCodes is a new array on every render).
  }, [rootKey]);

  /** Loads a node's children once (regions below a region; grids below a village). */
  const ensureChildren = useCallback(
    (key: string): Promise<void> => {
      if (loaded.current.has(key)) return Promise.resolve();
      const running = inflight.current.get(key);
      if (running) return running;
      const item = itemsRef.current[key];
      if (!item || item.kind !== 'region') return Promise.resolve();
      const load = (async () => {
        let added: TreeItem[];
        if (item.region.level === 'village') {
          const grids = await getGrids(item.region.code);
          added = grids.map((grid) => ({ kind: 'grid', key: gridKey(grid.code), grid }));
        } else {
          const regions = await getChildren(item.region.code);
          added = regions.map((region) => ({ kind: 'region', key: regionKey(region.code), region }));
        }
        if (added.length === 0) added = [{ kind: 'empty', key: `e:${key}`, parentKey: key }];
        addItems(added);
        loaded.current.add(key);
        setChildren((prev) => ({ ...prev, [key]: added.map((a) => a.key) }));
      })().finally(() => inflight.current.delete(key));
      inflight.current.set(key, load);
      return load;
    },
    [addItems],
  );

  /**
   * Opens the tree down to a region and selects it. Returns false when the region is outside
   * every root (not in the user's scope).
   */
  const jumpTo = useCallback(
    async (code: string): Promise<boolean> => {
      const region = await getRegion(code);
      const chain = [...region.path.map((p) => p.code).filter((c) => c !== code), code];
      const root = roots.map((k) => itemsRef.current[k]).find((item) => item?.kind === 'region' && isInSubtree(code, item.region.code));
      if (!root || root.kind !== 'region') return false;
      const below = chain.filter((c) => isInSubtree(c, root.region.code));
      const opened: string[] = [];
      for (const ancestor of below.slice(0, -1)) {
        await ensureChildren(regionKey(ancestor));
        opened.push(regionKey(ancestor));
      }
      addItems([{ kind: 'region', key: regionKey(code), region }]);
      setExpanded((prev) => [...new Set([...prev, ...opened])]);
      setSelected(regionKey(code));
      return true;
    },
    [roots, ensureChildren, addItems],
  );

  const state: RegionTreeState = { roots, items, children, expanded, selected, loading, error };
  return { state, ensureChildren, jumpTo, setExpanded, setSelected, loadedKeys: Object.keys(children) };
}
