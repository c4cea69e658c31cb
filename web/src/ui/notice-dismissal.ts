import { useState } from 'react';

/** The localStorage key of the notices this browser was told not to show again. */
const KEY = 'parley.dismissedNotices';
/** Most notices remembered: the oldest go first (a relay's words may change with its version). */
const MAX_REMEMBERED = 20;

type NoticeStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The words of the notices dismissed in this browser; none when unreadable. */
export function loadDismissed(storage: Pick<Storage, 'getItem'> | null): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** Remembers `text` as dismissed; a storage that refuses (full, forbidden) only costs the memory. */
export function saveDismissed(storage: NoticeStorage | null, text: string): string[] {
  const next = [...loadDismissed(storage).filter((t) => t !== text), text].slice(-MAX_REMEMBERED);
  try {
    storage?.setItem(KEY, JSON.stringify(next));
  } catch {
    // Dismissed for this page only.
  }
  return next;
}

function localStore(): NoticeStorage | null {
  try {
    return globalThis.localStorage;
  } catch {
    return null;
  }
}

/**
 * Whether the notice saying `text` was dismissed in this browser (localStorage: a notice said
 * once stays dismissed across reloads; other words show again), and how to dismiss it.
 */
export function useDismissal(text: string | undefined): [boolean, () => void] {
  const [dismissed, setDismissed] = useState(() => loadDismissed(localStore()));
  const dismiss = () => {
    if (text !== undefined) setDismissed(saveDismissed(localStore(), text));
  };
  return [text !== undefined && dismissed.includes(text), dismiss];
}
