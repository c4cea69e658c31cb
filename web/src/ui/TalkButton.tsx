import { useApp } from '../state/store.ts';
import { useCall } from './call-context.ts';
import { AssistantLevel } from './AssistantLevel.tsx';
import { CallStateLine } from './CallStateLine.tsx';
import { talkControl } from './talk-control.ts';
import { useIntl } from 'react-intl';
import { languageStore, speakable } from '../i18n/language.ts';
import { showSpeechNotice } from './speech-language/speech-notice.ts';

/**
 * The talk control (see `talkControl`): starts the call; in a call, a tap stops the reply
 * (hands-free) or it is held to talk (push-to-talk). It never ends the call.
 */
export function TalkButton() {
  const intl = useIntl();
  const conversation = useCall();
  const { controls } = conversation;
  const call = useApp((s) => s.call);
  // The ring grows in whole pixels (18 steps of its 18 px), so it renders when it changes, not
  // on every 20 ms capture block
  // (docs/decisions.md#level-meters-render-in-steps-not-per-capture-block). It shows only what
  // is being sent: nothing while muted, or while push-to-talk is not held.
  const ring = useApp((s) =>
    s.muted || (s.inputMode === 'push-to-talk' && !s.talkHeld)
      ? 0
      : Math.round(Math.min(1, s.micLevel * 4) * 18) / 18,
  );
  const mode = useApp((s) => s.inputMode);
  const held = useApp((s) => s.talkHeld);
  const muted = useApp((s) => s.muted);
  const active = call !== 'idle';
  const control = talkControl(intl, { call, mode, held, muted });
  return (
    <div className="talk">
      <button
        type="button"
        className={`talk-button talk-${call}${muted && active ? ' talk-muted' : ''}${held ? ' talk-held' : ''}`}
        data-testid="talk-button"
        data-state={call}
        data-action={control.tap ?? (control.hold ? 'hold' : 'none')}
        aria-pressed={active}
        aria-disabled={active && control.tap === null && !control.hold}
        disabled={control.disabled}
        aria-keyshortcuts={control.keys ?? undefined}
        title={control.title ?? undefined}
        style={{ '--level': ring.toFixed(3) } as React.CSSProperties}
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          if (control.hold) {
            e.currentTarget.setPointerCapture(e.pointerId);
            controls.press();
          } else if (control.tap === 'interrupt') conversation.interrupt();
        }}
        onPointerUp={() => controls.release()}
        onPointerCancel={() => controls.release()}
        onLostPointerCapture={() => controls.release()}
        onContextMenu={(e) => {
          if (control.hold) e.preventDefault();
        }}
        onClick={() => {
          // Speech the relay cannot hear is not asked for: the notice says so first (typing works).
          if (control.tap === 'start' && !speakable(languageStore.getState().spoken))
            showSpeechNotice();
          else if (control.tap === 'start') void conversation.start();
          else if (control.tap === 'interrupt') conversation.interrupt();
        }}
      >
        {control.label}
      </button>
      <CallStateLine />
      <AssistantLevel />
    </div>
  );
}
