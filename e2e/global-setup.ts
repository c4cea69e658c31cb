import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ConversationJob } from '../relay/test/fixtures/conversation.ts';

/** Where the end-to-end fake-microphone files are written. */
export const FIXTURES = fileURLToPath(new URL('../test-results/e2e-fixtures/', import.meta.url));

/** Conversations the tests speak: [file, lead ms, phrase, gap ms, phrase, gap ms, …]. */
export const CONVERSATIONS: Record<string, (string | number)[]> = {
  // Phrases PocketSphinx hears reliably from Flite (see relay/test/fixtures/phrases.ts). A gap
  // leaves room for the reply to end before the next phrase (~0.5 s to its first audio, then
  // Flite's reading of it: "It's 10:45 AM." 1.2 s) and a second or so for the test's clicks:
  // every second of it is a second of CI for each test that speaks the file through.
  'two-turns': [1000, 'what time is it', 3500, 'what is five times six', 4000],
  // "What can you do" gets a long answer; 2.5 s into it the user asks something else.
  'barge-in': [2000, 'what can you do', 2500, 'what time is it', 4000],
  // Issue 52: over the long answer to "what can you do", a listener's "yeah yeah" (the reply
  // goes on, ~13 s of it, and is stored whole) or a real interruption (cut to what was heard).
  'backchannel-over-reply': [2000, 'what can you do', 3000, 'yeah yeah', 16000],
  'stop-over-reply': [2000, 'what can you do', 3000, 'wait stop', 6000],
  resume: [1000, 'what time is it', 3500, 'thank you very much', 5000],
  // "What can you do" gets a three-sentence answer (seconds of audio), then quiet while it plays.
  'long-reply': [1000, 'what can you do', 20000],
  // A long question, for the words shown while it is spoken; quiet while the answer plays.
  partials: [1000, 'please tell me the weather in paris tomorrow', 8000],
  // Issue 48: a question a tool of an MCP server answers (the fake model calls server-everything's
  // echo), then quiet while the answer is said. ("What is five plus six" was heard as "one is
  // five foot six" by the final reading.)
  'tool-question': [1000, 'what is your name', 7000],
  // A note the offline responder keeps once the user says yes ("Shall I remember that your
  // sister's name is anna?" takes ~3 s to say), and the question of a later conversation.
  'remember-anna': [1000, "remember that my sister's name is anna", 5000, 'yes please', 5000],
  'recall-anna': [1000, 'what do you know about my sister', 7000],
  // Issue 52: a lone "yes" (Flite: ~430 ms of signal, under the VAD's 400 ms of speech) answers
  // the question (52ff81f), then quiet while the answer is said.
  'remember-yes': [1000, "remember that my sister's name is anna", 5000, 'yes', 6000],
  // Issue 60: "yes — no, wait", a breath between: one answer (a no), the note not kept. The
  // question is heard whole first, even on a loaded runner.
  'remember-yes-no-wait': [
    1000,
    "remember that my sister's name is anna",
    8000,
    'yes',
    450,
    'no wait',
    6000,
  ],
  // Issue 52: one question, then silence for the check-in and the goodbye (CALL_SILENCE_S=2).
  'then-silence': [1000, 'what time is it', 30000],
  // widget-navigation: a question on the site's first page, then quiet while the page changes;
  // the next page's microphone asks the second. Two seconds first: the call's detector loads
  // as the page opens, and a question begun sooner lost its first words on a loaded machine.
  'first-page-question': [2000, 'what time is it', 15000],
  'next-page-question': [2000, 'what is five times six', 5000],
  // widget-navigation, mid-reply then mid-question: the long answer to "what can you do" is
  // playing when the page changes; on the next, a long question is being said when it changes again.
  'first-page-long-reply': [2000, 'what can you do', 15000],
  'next-page-long-question': [2000, 'please tell me the weather in paris tomorrow', 3000],
  // Half a minute of silence first: for tests that type rather than speak.
  quiet: [30000, 'thank you very much', 1000],
  // "Good morning! Ask me the time, the date or a sum." takes 3 s to say: a longer gap after it.
  'five-turns': [
    1000,
    'what time is it',
    3500,
    'what is five times six',
    3500,
    'good morning',
    5000,
    'what did i just say',
    3500,
    'thank you very much',
    4000,
  ],
};

/**
 * Whether a fixture was written from `spec` (kept beside it) by the current generator (its
 * description has every field).
 */
function isCurrent(name: string, spec: (string | number)[]): boolean {
  const json = `${FIXTURES}${name}.json`;
  const specFile = `${FIXTURES}${name}.spec.json`;
  if (!existsSync(json) || !existsSync(`${FIXTURES}${name}.wav`) || !existsSync(specFile))
    return false;
  if (readFileSync(specFile, 'utf8') !== JSON.stringify(spec)) return false;
  const { turns } = JSON.parse(readFileSync(json, 'utf8')) as { turns: { loudEndMs?: number }[] };
  return turns.every((t) => typeof t.loudEndMs === 'number');
}

/**
 * Writes each of `conversations` that is not already written as it says (WAV + JSON), all in
 * one process: one start of Node and one compile of Flite's WebAssembly rather than one each.
 */
export function writeConversations(conversations: Record<string, (string | number)[]>): void {
  mkdirSync(FIXTURES, { recursive: true });
  const root = fileURLToPath(new URL('..', import.meta.url));
  const pending = Object.entries(conversations).filter(([name, spec]) => !isCurrent(name, spec));
  if (pending.length === 0) return;
  const jobs: ConversationJob[] = pending.map(([name, [leadMs, ...rest]]) => ({
    out: `${FIXTURES}${name}.wav`,
    sampleRateHz: 48_000,
    leadMs: Number(leadMs),
    parts: Array.from({ length: rest.length / 2 }, (_, i) => ({
      text: String(rest[2 * i]),
      gapAfterMs: Number(rest[2 * i + 1]),
    })),
  }));
  const jobsFile = `${FIXTURES}jobs-${process.pid}.json`;
  writeFileSync(jobsFile, JSON.stringify(jobs));
  try {
    execFileSync(
      'node',
      ['--import', 'tsx', 'relay/test/fixtures/conversation.ts', '--jobs', jobsFile],
      { cwd: root, stdio: 'inherit' },
    );
  } finally {
    rmSync(jobsFile, { force: true });
  }
  for (const [name, spec] of pending)
    writeFileSync(`${FIXTURES}${name}.spec.json`, JSON.stringify(spec));
}

/** Debian's pocketsphinx-testdata: recorded human voices (scripts/setup-system.sh --for-tests). */
export const HUMAN_TESTDATA = '/usr/share/pocketsphinx/test/data';

/**
 * Recorded human voices as fake-microphone files (issue 61): `[file, recording in
 * HUMAN_TESTDATA, lead ms, tail ms]`, resampled to 48 kHz as Flite's conversations are.
 */
export const HUMAN_RECORDINGS: readonly [string, string, number, number][] = [
  // PocketSphinx alone writes "he might even have been made the amiable himself".
  ['human-amiable', 'librivox/sense_and_sensibility_01_austen_64kb-0930.wav', 1000, 7000],
];

/** Writes each of {@link HUMAN_RECORDINGS} not written yet; none where the data is missing. */
export function writeHumanRecordings(): void {
  if (!existsSync(HUMAN_TESTDATA)) return;
  mkdirSync(FIXTURES, { recursive: true });
  for (const [name, recording, leadMs, tailMs] of HUMAN_RECORDINGS) {
    const out = `${FIXTURES}${name}.wav`;
    if (existsSync(out)) continue;
    const pad = [String(leadMs / 1000), String(tailMs / 1000)];
    execFileSync('sox', [`${HUMAN_TESTDATA}/${recording}`, '-r', '48000', out, 'pad', ...pad]);
  }
}

export default function globalSetup(): void {
  writeConversations(CONVERSATIONS);
  writeHumanRecordings();
}
