import type { MessageId } from '../i18n/intl.ts';
import { useT } from '../i18n/use-t.ts';

/** Who speaks in a bubble of the transcript or of a past conversation: their name's message. */
export const SPEAKER = {
  user: 'speaker.user',
  assistant: 'speaker.assistant',
} as const satisfies Record<string, MessageId>;

/**
 * The speaker of a bubble, for screen readers only: sighted users tell them apart by side and
 * colour. It comes before the words, outside their test id, so tests read the words alone.
 */
export function SpeakerLabel({ role }: { role: keyof typeof SPEAKER }) {
  const t = useT();
  return (
    <span className="visually-hidden">{t('speaker.label', { speaker: t(SPEAKER[role]) })}</span>
  );
}
