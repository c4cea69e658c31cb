/**
 * Phrases a new user might say first, which the offline responder answers well (time, date,
 * help, arithmetic, greetings, thanks, its name; relay/src/providers/embedded/offline/responder.ts),
 * and two it does not know ("how are you", "tell me a joke"), for comparison.
 */
export const CANDIDATE_PHRASES: readonly string[] = [
  'what time is it',
  'what time is it right now',
  'what day is it',
  'what can you do',
  'what is your name',
  'what is five times six',
  'hello',
  'good morning',
  'thank you',
  'how are you',
  'tell me a joke',
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
