import { z } from 'zod';
import type { InputMode } from './controls-state.ts';

/** What the browser remembers of the user's audio choices (localStorage). */
export interface AudioPrefs {
  inputMode: InputMode;
  /** The chosen microphone (a deviceId); null: the system default. */
  micDeviceId: string | null;
  /** The chosen speaker (a deviceId); null: the system default. */
  speakerDeviceId: string | null;
}

const KEY = 'parley.audio';

const stored = z.object({
  inputMode: z.enum(['hands-free', 'push-to-talk']).catch('hands-free'),
  micDeviceId: z.string().nullable().catch(null),
  speakerDeviceId: z.string().nullable().catch(null),
});

export const DEFAULT_AUDIO_PREFS: AudioPrefs = {
  inputMode: 'hands-free',
  micDeviceId: null,
  speakerDeviceId: null,
};

/** The part of `Storage` used here (localStorage; absent in private modes that forbid it). */
export type PrefsStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The remembered choices; the defaults for anything missing or unreadable. */
export function loadAudioPrefs(storage: PrefsStorage | null): AudioPrefs {
  try {
    const raw = storage?.getItem(KEY);
    if (!raw) return DEFAULT_AUDIO_PREFS;
    const parsed = stored.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : DEFAULT_AUDIO_PREFS;
  } catch {
    return DEFAULT_AUDIO_PREFS;
  }
}

/** Remembers `prefs`; a storage that refuses (full, forbidden) only costs the memory. */
export function saveAudioPrefs(storage: PrefsStorage | null, prefs: AudioPrefs): void {
  try {
    storage?.setItem(KEY, JSON.stringify(prefs));
  } catch {
    // Nothing to do: the choice holds for this page.
  }
}
