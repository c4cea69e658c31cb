import { completeAddress, type ProviderEntryInput } from '@parley/shared';
import type { DraftEntry } from './draft-entry.ts';

/** The address the relay would call the entry at; undefined for a kind without one. */
function calledAt(e: DraftEntry): string | undefined {
  if (!e.info.address || e.baseUrl.trim() === '') return undefined;
  return completeAddress(e.baseUrl, { openAiCompatible: true });
}

/**
 * Whether the key the relay holds for the entry stays behind as it is edited: the relay keeps
 * a saved key only for the same entry, of the same kind, at the same address (`keepsKeyOf`), so
 * that a changed address never receives a key it was not given for.
 */
export function savedKeyStaysBehind(e: DraftEntry): boolean {
  if (!e.keySet || !e.saved) return false;
  return e.saved.id !== e.id || e.saved.kind !== e.kind || e.saved.baseUrl !== calledAt(e);
}

/**
 * The entry's key as the relay takes it: one typed in; `null` to remove the stored one; the key
 * typed and saved during this visit when the address it was saved with has been changed since
 * (the relay would keep the stored one behind); absent to keep the stored one.
 */
export function keyInput(e: DraftEntry): Pick<ProviderEntryInput, 'apiKey'> {
  if (e.info.key === 'none') return {};
  const typed = e.apiKey.trim();
  if (typed !== '') return { apiKey: typed };
  if (e.removeKey && e.keySet) return { apiKey: null };
  if (e.heldKey !== '' && savedKeyStaysBehind(e)) return { apiKey: e.heldKey };
  return {};
}

/** Whether a Test or Save of the entry would send a key. */
export function hasKey(e: DraftEntry): boolean {
  if (e.apiKey.trim() !== '') return true;
  if (!e.keySet || e.removeKey) return false;
  return !savedKeyStaysBehind(e) || e.heldKey !== '';
}

/**
 * The entries as saved (`saved`, the relay's answer), each keeping the key the user typed for
 * it in `before` (the draft that was saved), matched by id and kind: while Settings stay open,
 * a key typed goes with its provider to an address corrected after the save.
 */
export function withHeldKeys(before: readonly DraftEntry[], saved: DraftEntry[]): DraftEntry[] {
  return saved.map((e) => {
    const was = before.find((b) => b.id === e.id && b.kind === e.kind);
    const key = was && !was.removeKey ? was.apiKey.trim() || was.heldKey : '';
    return key !== '' && e.keySet ? { ...e, heldKey: key } : e;
  });
}
