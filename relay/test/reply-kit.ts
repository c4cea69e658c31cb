import { expect } from 'vitest';
import { DEV_USER_ID } from '../src/auth/identity.ts';
import type { TalkClient, TurnRecord } from '../src/talk/client.ts';
import { ledger } from './fakes/openai-pair.ts';
import type { TestRelay } from './harness.ts';

/** Waits on the relay's storage: generous, for a loaded machine. */
const POLL = { timeout: 10_000 };

/** The assistant text stored for the session's first turn (undefined until stored). */
export async function storedReply(
  relay: TestRelay,
  sessionId: string,
): Promise<string | undefined> {
  const saved = await relay.storage.sessions.get(DEV_USER_ID, sessionId);
  return saved?.turns[0]?.assistantText;
}

/** `[voice, characters]` of each TTS call billed for `turnId`, in order. */
export async function ttsBilled(
  relay: TestRelay,
  sessionId: string,
  turnId: number,
): Promise<[string, number | undefined][]> {
  const rows = await ledger(relay, sessionId, turnId);
  return rows.filter((r) => r.stage === 'tts').map((r) => [r.provider, r.units.characters]);
}

/**
 * The client's first turn heard whole and in order: `texts` as its segments back to back
 * (`samplesOf` one), nothing else heard, its text and stored text all of them, each billed its
 * characters to `voice`.
 */
export async function expectWholeReply(
  relay: TestRelay,
  client: TalkClient,
  turn: TurnRecord,
  heard: { texts: readonly string[]; samplesOf: (text: string) => number; voice: string },
): Promise<void> {
  const { texts, samplesOf, voice } = heard;
  let at = 0;
  const segments = texts.map((text, index) => {
    const startSample = at;
    at += samplesOf(text);
    return { index, text, startSample };
  });
  expect(turn.segments).toEqual(segments);
  expect(turn.audioSamples).toBe(at);
  const reply = texts.join(' ');
  expect(turn.replyText).toBe(reply);
  await expect.poll(() => storedReply(relay, client.ready.sessionId), POLL).toBe(reply);
  expect(await ttsBilled(relay, client.ready.sessionId, turn.turnId)).toEqual(
    texts.map((t) => [voice, t.length]),
  );
}
