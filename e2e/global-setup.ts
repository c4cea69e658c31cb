import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the end-to-end fake-microphone files are written. */
export const FIXTURES = fileURLToPath(new URL('../test-results/e2e-fixtures/', import.meta.url));

/** Conversations the tests speak: [file, lead ms, phrase, gap ms, phrase, gap ms, …]. */
export const CONVERSATIONS: Record<string, (string | number)[]> = {
  // Phrases PocketSphinx hears reliably from Flite (see relay/test/fixtures/phrases.ts); gaps
  // leave room for the reply to play (the client is half-duplex until barge-in lands).
  'two-turns': [1000, 'what time is it', 5000, 'what is five times six', 4000],
  // "What can you do" gets a long answer; 2.5 s into it the user asks something else.
  'barge-in': [2000, 'what can you do', 2500, 'what time is it', 4000],
  resume: [1000, 'what time is it', 5000, 'thank you very much', 5000],
  // "What can you do" gets a three-sentence answer (seconds of audio), then quiet while it plays.
  'long-reply': [1000, 'what can you do', 20000],
  // A long question, for the words shown while it is spoken; quiet while the answer plays.
  partials: [1000, 'please tell me the weather in paris tomorrow', 8000],
  // Half a minute of silence first: for tests that type rather than speak.
  quiet: [30000, 'thank you very much', 1000],
  'five-turns': [
    1000,
    'what time is it',
    4500,
    'what is five times six',
    4500,
    'good morning',
    7000,
    'what did i just say',
    5000,
    'thank you very much',
    4000,
  ],
};

/** Whether a fixture's description was written by the current generator (it has every field). */
function isCurrent(json: string): boolean {
  if (!existsSync(json)) return false;
  const { turns } = JSON.parse(readFileSync(json, 'utf8')) as { turns: { loudEndMs?: number }[] };
  return turns.every((t) => typeof t.loudEndMs === 'number');
}

export default function globalSetup(): void {
  mkdirSync(FIXTURES, { recursive: true });
  const root = fileURLToPath(new URL('..', import.meta.url));
  for (const [name, spec] of Object.entries(CONVERSATIONS)) {
    const out = `${FIXTURES}${name}.wav`;
    if (existsSync(out) && isCurrent(out.replace(/\.wav$/, '.json'))) continue;
    execFileSync(
      'node',
      ['--import', 'tsx', 'relay/test/fixtures/conversation.ts', out, '48000', ...spec.map(String)],
      { cwd: root, stdio: 'inherit' },
    );
  }
}
