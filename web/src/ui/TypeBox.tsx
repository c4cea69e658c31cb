import { useEffect, useRef, useState } from 'react';
import { MAX_TYPED_CHARS } from '@parley/shared';
import { actions, store, useApp } from '../state/store.ts';
import { useCall } from './call-context.ts';
import { SpeakRepliesToggle } from './SpeakRepliesToggle.tsx';
import { useT } from '../i18n/use-t.ts';

/**
 * Type instead of speaking: during a call (put forward — focused, with a hint — when speech
 * recognition is down), and whenever the relay can be reached without one: the first message
 * opens a conversation like a call's. While the relay does not answer, what is typed waits.
 */
export function TypeBox() {
  const t = useT();
  const conversation = useCall();
  const call = useApp((s) => s.call);
  const suggested = useApp((s) => s.typingSuggested);
  const reachable = useApp((s) => s.relayReachable);
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (suggested) input.current?.focus();
  }, [suggested]);
  const inCall = call !== 'idle';
  const waiting = !inCall && reachable === false;
  const send = () => {
    const message = text.trim().slice(0, MAX_TYPED_CHARS);
    if (message === '' || call === 'starting') return;
    setText('');
    // Into a call that runs (not one still starting), it is sent at once.
    const phase = store.getState().call;
    const intoCall = phase !== 'idle' && phase !== 'starting';
    // Not sent (the relay could not be reached): the words come back to the box.
    void conversation.sendText(message).then((sent) => {
      if (!sent) setText((now) => now || message);
    });
    // Typed into the call (it took it at once): the suggestion to type has been taken.
    if (intoCall) actions.suggestTyping(false);
  };
  return (
    <form
      className={`type-box${suggested ? ' type-box-suggested' : ''}`}
      data-testid="type-box"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <input
        ref={input}
        data-testid="text-input"
        aria-label={t('type.label')}
        // Short enough to show whole in a 360 px phone's field (~220 px); the empty screen and
        // the notices say the rest.
        placeholder={
          suggested
            ? t('type.speechFailed')
            : waiting
              ? t('type.waiting')
              : inCall
                ? t('type.orType')
                : t('type.label')
        }
        maxLength={MAX_TYPED_CHARS}
        disabled={waiting}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button
        type="submit"
        data-testid="text-send"
        disabled={waiting || call === 'starting' || text.trim() === ''}
      >
        {t('type.send')}
      </button>
      {inCall ? null : <SpeakRepliesToggle />}
    </form>
  );
}
