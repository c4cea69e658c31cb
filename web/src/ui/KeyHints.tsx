import { useApp } from '../state/store.ts';

/**
 * The call's keys, shown where there is a keyboard (see `call-keys.ts`; hidden on touch screens
 * by controls.css). Each control also names its key in `aria-keyshortcuts` and its tooltip.
 */
export function KeyHints() {
  const pushToTalk = useApp((s) => s.inputMode === 'push-to-talk');
  return (
    <p className="key-hints" data-testid="key-hints">
      Keys: <kbd>M</kbd> mute · <kbd>Esc</kbd> stop the reply
      {pushToTalk ? (
        <>
          {' '}
          · hold <kbd>Space</kbd> to talk
        </>
      ) : null}
    </p>
  );
}
