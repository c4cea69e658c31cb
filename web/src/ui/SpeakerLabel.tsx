/** Who speaks in a bubble of the transcript or of a past conversation. */
export const SPEAKER = { user: 'You', assistant: 'Parley' } as const;

/**
 * The speaker of a bubble, for screen readers only: sighted users tell them apart by side and
 * colour. It comes before the words, outside their test id, so tests read the words alone.
 */
export function SpeakerLabel({ role }: { role: keyof typeof SPEAKER }) {
  return <span className="visually-hidden">{SPEAKER[role]}: </span>;
}
