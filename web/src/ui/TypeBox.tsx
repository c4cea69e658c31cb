import { useEffect, useRef, useState } from 'react';
import { MAX_TYPED_CHARS } from '@parley/shared';
import { useApp } from '../state/store.ts';
import { voice } from '../voice/controller.ts';

/**
 * Type instead of speaking: always there during a call, and put forward (focused, with a hint)
 * when speech recognition is down.
 */
export function TypeBox() {
  const call = useApp((s) => s.call);
  const suggested = useApp((s) => s.typingSuggested);
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (suggested) input.current?.focus();
  }, [suggested]);
  if (call === 'idle' || call === 'starting') return null;
  const send = () => {
    if (voice.sendText(text)) setText('');
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
        aria-label="Type a message"
        placeholder={suggested ? 'Speech recognition is down: type here' : 'Or type a message'}
        maxLength={MAX_TYPED_CHARS}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" data-testid="text-send" disabled={text.trim() === ''}>
        Send
      </button>
    </form>
  );
}
