import { useEffect } from 'react';
import { store } from '../state/store.ts';
import { useCall } from './call-context.ts';
import { keyAction } from './call-keys.ts';

/**
 * The call's keyboard (see `keyAction`): `Space` push-to-talk, `Esc` stops the reply, `M` mutes.
 * A key the app takes does nothing else (Space neither scrolls nor clicks the focused button).
 * Leaving the window lets go of a held Space.
 */
export function useCallKeys(): void {
  const call = useCall();
  const { controls } = call;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = store.getState();
      const target = e.target instanceof HTMLElement ? e.target : null;
      const action = keyAction(
        {
          type: e.type,
          key: e.key,
          repeat: e.repeat,
          ctrlKey: e.ctrlKey,
          metaKey: e.metaKey,
          altKey: e.altKey,
          target: target && {
            tagName: target.tagName,
            type: target instanceof HTMLInputElement ? target.type : '',
            isContentEditable: target.isContentEditable,
          },
        },
        { inCall: s.call !== 'idle' && s.call !== 'starting', mode: s.inputMode },
      );
      if (action === null) return;
      e.preventDefault();
      switch (action) {
        case 'press':
          controls.press();
          return;
        case 'release':
          controls.release();
          return;
        case 'interrupt':
          call.interrupt();
          return;
        case 'toggle-mute':
          call.mute(!s.muted);
          return;
      }
    };
    const onBlur = () => controls.release();
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKey);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKey);
      window.removeEventListener('blur', onBlur);
    };
  }, [call, controls]);
}
