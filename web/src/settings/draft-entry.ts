import type { ProviderEntryView, ProviderKind, ProviderKindInfo } from '@parley/shared';

/** One chain entry as the form edits it. */
export interface DraftEntry {
  /** React's key: stable while the entry moves. */
  key: number;
  id: string;
  kind: ProviderKind;
  /** What the relay says of its kind: what the form asks for (a key, an address, a model). */
  info: ProviderKindInfo;
  baseUrl: string;
  /** Empty: the provider's default model. */
  model: string;
  /** A new key typed in; empty keeps the stored one. */
  apiKey: string;
  /**
   * The key typed for this entry and saved during this visit to Settings (empty: none), kept in
   * the page while Settings stay open: it goes with the entry to an address corrected after the
   * save, where the relay would keep the stored key behind (see `savedKeyStaysBehind`).
   */
  heldKey: string;
  /** The stored key goes on save. */
  removeKey: boolean;
  /** The relay holds a key for this entry. */
  keySet: boolean;
  /** Its last four characters, e.g. "…a1b2". */
  keyHint: string | null;
  /** The provider's models, once loaded (or detected). */
  models: string[] | null;
  /** The entry as the relay last showed it (kept to go back to when the kind is put back). */
  saved: ProviderEntryView | null;
}
