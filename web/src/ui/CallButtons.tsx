import { useApp } from '../state/store.ts';
import { useCall } from './call-context.ts';
import { LineIcon } from './LineIcon.tsx';
import { useT } from '../i18n/use-t.ts';

/** Mute / unmute the microphone (`M`): nothing of it is sent while muted. */
export function MuteButton() {
  const t = useT();
  const call = useCall();
  const muted = useApp((s) => s.muted);
  return (
    <button
      type="button"
      className={`call-button mute-button${muted ? ' mute-button-on' : ''}`}
      data-testid="mute-button"
      aria-pressed={muted}
      aria-keyshortcuts="M"
      title={t(muted ? 'controls.unmute.title' : 'controls.mute.title')}
      onClick={() => call.mute(!muted)}
    >
      <LineIcon>
        <rect x="9" y="3" width="6" height="11" rx="3" />
        <path d="M5 11a7 7 0 0 0 14 0M12 18v3" strokeLinecap="round" />
        {muted ? <path d="M4 4l16 16" strokeLinecap="round" /> : null}
      </LineIcon>
      <span>{t(muted ? 'controls.unmute' : 'controls.mute')}</span>
    </button>
  );
}

/** Ends the call (the talk control never does, so stopping a reply cannot hang up). */
export function EndCallButton() {
  const t = useT();
  const call = useCall();
  return (
    <button
      type="button"
      className="call-button end-call-button"
      data-testid="end-call-button"
      title={t('controls.end.title')}
      onClick={() => call.end()}
    >
      <LineIcon>
        <path d="M6 6l12 12M18 6L6 18" strokeLinecap="round" />
      </LineIcon>
      <span>{t('controls.end')}</span>
    </button>
  );
}
