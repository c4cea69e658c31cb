/**
 * Phrases a new user might say first, which the offline responder answers well (time, date,
 * help, arithmetic, greetings, goodbyes, its name; relay/src/providers/embedded/offline/responder.ts).
 * Issue 45 measured these with five runs per voice (20 a phrase: 95 % is 19 of them); the
 * phrases measured before and dropped here ("what day is it", "what is five times six", "hello",
 * "thank you", "how are you", "tell me a joke", "what time is it right now": 25–75 %) are in
 * bench/results/phrases-notes.md.
 */
export const CANDIDATE_PHRASES: readonly string[] = [
  'what time is it',
  'what can you do',
  'what is your name',
  'good morning',
  'good evening',
  'what is the date today',
  'tell me the time',
  'who are you',
  'what is two plus two',
  'goodbye',
  // Issue 65: phrases to stand in for "good morning" (Moonshine wrote "The morning." for slt)
  // and "what can you do" (misheard by a relay in use): a greeting, thanks, and asking for
  // help, the date or a sum in other words.
  'hello there',
  'good afternoon',
  'thank you very much',
  'can you help me',
  "what's the date",
  'what is twelve times seven',
];

/** Flite's voices at 16 kHz (its 8 kHz `kal` aside). */
export const VOICES: readonly string[] = ['slt', 'rms', 'awb', 'kal16'];

/** What PocketSphinx prints when it hears `phrase` exactly: lower case, no punctuation. */
export function expectedTranscript(phrase: string): string {
  return phrase
    .toLowerCase()
    .replace(/[^a-z' ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
