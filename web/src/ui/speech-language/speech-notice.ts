import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

/**
 * Whether the notice before speaking is shown: the user pressed Talk in a conversation whose
 * language no recogniser of the relay hears (see `speakable`). It stays until dismissed, or
 * until a recogniser that hears the language is connected.
 */
export const speechNoticeStore = createStore<{ shown: boolean }>(() => ({ shown: false }));

export function showSpeechNotice(): void {
  speechNoticeStore.setState({ shown: true });
}

export function hideSpeechNotice(): void {
  speechNoticeStore.setState({ shown: false });
}

export function useSpeechNoticeShown(): boolean {
  return useStore(speechNoticeStore, (s) => s.shown);
}
