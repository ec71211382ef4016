// A keyset-paged list: the first page for a query, "more" appends the next, reload starts over.
import { useCallback, useEffect, useRef, useState } from 'react';

export function usePaged<T, C>(fetchPage: (cursor: C | undefined) => Promise<{ items: T[]; next: C | null }>, deps: unknown[]) {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<C | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback(async (cursor: C | undefined) => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const page = await fetchRef.current(cursor);
      if (mine !== generation.current) return;
      setItems((prev) => (cursor === undefined ? page.items : [...prev, ...page.items]));
      setNext(page.next);
      setError(null);
    } catch (caught) {
      if (mine === generation.current) setError(caught);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  const reload = useCallback(() => load(undefined), [load]);
  useEffect(() => {
    void reload();
  }, deps);

  return { items, setItems, next, loading, error, reload, more: () => (next === null ? Promise.resolve() : load(next)) };
}
