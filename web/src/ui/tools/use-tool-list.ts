import { useEffect, useState } from 'react';
import { useApp } from '../../state/store.ts';
import { without } from './tool-lists.ts';

/** A list the relay keeps for the user (reminders, notes), read and changed from a view. */
export interface ToolList<T> {
  /** Null while the first read is under way. */
  items: T[] | null;
  error: string | null;
  /** Removes one: from the view at once, and from the relay (back again if it refuses). */
  remove: (id: string) => void;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Reads a list with `load`, again whenever the user's reminders or notes may have changed (the
 * store's `toolsVersion`: a turn ended, a reminder came due), and removes items with `drop`.
 */
export function useToolList<T extends { id: string }>(
  load: (signal: AbortSignal) => Promise<T[]>,
  drop: (id: string) => Promise<void>,
): ToolList<T> {
  const version = useApp((s) => s.toolsVersion);
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    load(abort.signal)
      .then((list) => {
        setItems(list);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setError(message(e));
      });
    return () => abort.abort();
    // `load` is the caller's constant; reading again is what the version and reload are for.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, reload]);
  return {
    items,
    error,
    remove: (id) => {
      setItems((list) => (list ? without(list, id) : list));
      drop(id).catch((e: unknown) => {
        setError(message(e));
        setReload((n) => n + 1);
      });
    },
  };
}
