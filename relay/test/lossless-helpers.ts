import { expect } from 'vitest';
import { pcm16ToFloat } from '@parley/shared';
import type { Storage } from '../src/storage/index.ts';
import type { TalkClient } from '../src/talk/client.ts';
import type { TurnReport } from '../src/talk/stream.ts';
import { synthesizeSpeech } from './fixtures/speech.ts';
import { DEV_USER_ID } from '../src/auth/identity.ts';

/** The phrase the lossless tests say: its answer is long (seconds of audio) and timeless. */
export const PHRASE = 'What can you do?';

/** Speech for `text` as the talk client streams it. */
export async function say(text: string): Promise<Float32Array> {
  return pcm16ToFloat(
    (await synthesizeSpeech(text, { leadingSilenceMs: 300, trailingSilenceMs: 900 })).samples,
  );
}

/** What must come out of a turn with a fault exactly as without one. */
export interface TurnOutcome {
  transcript: string;
  reply: string;
  /** Reply audio the client received (ms): heard once, and all of it. */
  replyAudioMs: number;
}

export function outcome(r: TurnReport | undefined): TurnOutcome {
  return {
    transcript: r?.transcript ?? '',
    reply: r?.reply ?? '',
    replyAudioMs: r?.replyAudioMs ?? 0,
  };
}

/**
 * The turn came through the fault as it does without one: the same transcript, the same reply,
 * all of its audio once; the client never went offline, lost no chunk, holds nothing
 * unacknowledged; and the session has that one turn in storage.
 */
export async function expectLossless(
  client: TalkClient,
  report: TurnReport | undefined,
  reference: TurnOutcome,
  storage: Pick<Storage, 'sessions'>,
): Promise<void> {
  expect(report?.status).toBe('completed');
  expect(outcome(report)).toEqual(reference);
  expect(client.ended).toBeNull();
  expect(client.states.some((s) => s.kind === 'offline')).toBe(false);
  expect(client.connection.lostChunks).toBe(0);
  await expect.poll(() => client.connection.unackedChunks).toBe(0);
  const saved = await storage.sessions.get(DEV_USER_ID, client.ready.sessionId);
  expect(saved?.turns.map((t) => [t.userText, t.status])).toEqual([
    [reference.transcript, 'completed'],
  ]);
}

/** Resolves once `client` has said it is reconnecting (it gave up on its socket). */
export async function untilReconnecting(client: TalkClient): Promise<void> {
  await expect
    .poll(() => client.states.some((s) => s.kind === 'reconnecting'), { timeout: 15_000 })
    .toBe(true);
}

/** Calls `fault` just before `client` sends its first message of `type`. */
export function beforeSending(client: TalkClient, type: string, fault: () => void): void {
  const send = client.send.bind(client);
  let done = false;
  client.send = (m) => {
    if (!done && m.type === type) {
      done = true;
      fault();
    }
    send(m);
  };
}

/** A relay's structured log, as {@link faultStory} reads it. */
interface LoggedLine {
  level: number;
  time: number;
  msg: string;
  turnId?: number;
  status?: string;
  reason?: string;
  err?: { message?: string };
}

/**
 * What happened around a fault, for a failed check's message (a flake seen once in CI must say
 * what it was): the relay's log lines from info up (every relay the process ran, restarts
 * included), then what the client saw — its connection's states, its turns and the errors it
 * was told, and what it still holds unacknowledged.
 */
export function faultStory(
  relay: { logLines<L extends { level: number; msg: string }>(): L[] },
  client: TalkClient,
): string {
  const relayLines = relay.logLines<LoggedLine>().map((l) => {
    const turn = l.turnId === undefined ? '' : ` turn ${l.turnId}`;
    const more = [l.status, l.reason, l.err?.message].filter(Boolean).join('; ');
    return `  ${l.time % 100_000} ${l.msg}${turn}${more ? ` (${more})` : ''}`;
  });
  const turns = [...client.turns].map(
    ([id, t]) => `  turn ${id}: ${t.status ?? 'unfinished'}, ${t.audioSamples} samples of reply`,
  );
  const states = client.states.map(
    (s) =>
      `  ${s.kind}${'reason' in s ? `: ${s.reason}` : ''}${'resumed' in s && s.resumed ? ' (resumed)' : ''}`,
  );
  return [
    'the relay logged:',
    ...relayLines,
    'the client saw:',
    ...states,
    ...turns,
    ...client.errors.map((e) => `  error ${e.code}: ${e.message}`),
    `  unacknowledged chunks: ${client.connection.unackedChunks}`,
  ].join('\n');
}
