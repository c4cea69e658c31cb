import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pcm16ToFloat } from '@parley/shared';
import { HELP } from '../src/providers/embedded/offline/responder-lines.ts';
import { TalkClient } from '../src/talk/client.ts';
import { speakOverReply } from '../src/talk/over-reply.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { savePreferences } from './clients.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { storedReply } from './reply-kit.ts';

/** Waits on the relay's storage and the embedded recogniser: generous, for a loaded machine. */
const POLL = { timeout: 15_000 };
/** A question whose reply (the offline responder's HELP, in Flite's voice) lasts ~12 s. */
const QUESTION = 'what can you do';

describe('a sound over the reply, judged by its words (issue 52)', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay({ POCKETSPHINX_SPARES: '1' });
  });
  afterAll(async () => {
    await closeSynthesizers();
    await relay.close();
  });

  /** Asks QUESTION typed (turn 1), then says `words` over its reply `atMs` into it. */
  async function overReply(words: string, atMs: number) {
    const client = await TalkClient.connect(relay.wsUrl);
    client.send({ type: 'user.text', turnId: 1, text: QUESTION });
    await expect.poll(() => client.turns.get(1)?.firstAudioAtMs ?? null, POLL).not.toBeNull();
    const speech = await synthesizeSpeech(words, { leadingSilenceMs: 0, trailingSilenceMs: 0 });
    const report = await speakOverReply(client, pcm16ToFloat(speech.samples), {
      replyTurnId: 1,
      turnId: 2,
      firstSeq: 0,
      atMs,
    });
    return { client, report };
  }

  /** The stop phrases the relay said its keyword spotter heard in turn `turnId`. */
  const spotted = (client: TalkClient, turnId: number) =>
    client.received.flatMap((m) =>
      m.type === 'transcript.partial' && m.turnId === turnId ? (m.spotted ?? []) : [],
    );

  it('leaves the stored reply whole after "yeah yeah": the utterance is cancelled, never answered', async () => {
    const { client, report } = await overReply('yeah yeah', 600);
    expect(report).toMatchObject({ action: 'resume' });
    const turn = await client.waitForTurn(1);
    expect(turn.status).toBe('completed');
    await relay.registry.get(client.ready.sessionId)?.idle();
    await expect.poll(() => storedReply(relay, client.ready.sessionId), POLL).toBe(turn.replyText);
    expect(client.received.some((m) => m.type === 'reply.truncated')).toBe(false);
    expect(client.turns.get(2)?.status ?? null).toBeNull();
    expect(spotted(client, 2)).toEqual([]);
    client.close();
  });

  it('says with the words of a sound over the reply how far into its audio they reach, as the recogniser reads on (issue 63, item 9)', async () => {
    const { client, report } = await overReply('yeah yeah', 600);
    const covers = client.received.flatMap((m) =>
      m.type === 'transcript.partial' && m.turnId === 2 && m.coversSeq !== undefined
        ? [m.coversSeq]
        : [],
    );
    // Told again as it reads on, never past the audio sent (seqs from 0).
    expect(covers.length).toBeGreaterThanOrEqual(2);
    expect(covers.every((seq, i) => seq >= (covers[i - 1] ?? 0))).toBe(true);
    expect(covers.at(-1) ?? 0).toBeGreaterThan(covers[0] ?? 0);
    expect(covers.at(-1) ?? Infinity).toBeLessThan(report.nextSeq);
    client.close();
  });

  it('pnpm talk judges a sound over the reply by how far its words reach, as the page does: each of its words is kept with the audio the relay said they cover (issue 61, item 5)', async () => {
    const { client, report } = await overReply('yeah yeah', 600);
    expect(client.coverageTold).toBe(true);
    const onsetMs = report.onsetInFileMs ?? NaN;
    // The end of each told seq's 100 ms chunk, in ms after the sound's onset (seqs from 0).
    const told = new Set(
      client.received.flatMap((m) =>
        m.type === 'transcript.partial' && m.turnId === 2 && m.coversSeq !== undefined
          ? [(m.coversSeq + 1) * 100 - onsetMs]
          : [],
      ),
    );
    const covered = report.partials.flatMap((p) =>
      p.coveredMs === undefined ? [] : [p.coveredMs],
    );
    expect(covered.length).toBeGreaterThanOrEqual(2);
    expect(covered.filter((ms) => !told.has(ms))).toEqual([]);
    // Every chunk up to the furthest covered was sent, after the sound's onset.
    const chunks = Math.round((Math.max(...covered) + onsetMs) / 100);
    const sent = Array.from(report.chunkSentMs.slice(0, chunks), (ms) => ms ?? null);
    expect(sent.every((ms) => ms !== null && ms >= 0)).toBe(true);
    client.close();
  });

  it('truncates the stored reply to what was heard after "wait, stop": the words stop it', async () => {
    const { client, report } = await overReply('wait stop please', 600);
    expect(report).toMatchObject({ action: 'stop' });
    // The relay's keyword spotter heard "wait" or "stop" (parley-sphinx -spot, stop-phrases.kws).
    await expect
      .poll(() => spotted(client, 2).some((p) => p === 'wait' || p === 'stop'), POLL)
      .toBe(true);
    expect(spotted(client, 2).every((p) => p === 'wait' || p === 'stop')).toBe(true);
    await expect
      .poll(() => client.received.some((m) => m.type === 'reply.truncated'), POLL)
      .toBe(true);
    await client.waitForTurn(1);
    await relay.registry.get(client.ready.sessionId)?.idle();
    // Only the words heard by the cut are kept (the relay cuts inside a segment, by word).
    await expect
      .poll(async () => {
        const stored = (await storedReply(relay, client.ready.sessionId)) ?? '';
        return stored !== '' && stored.length < HELP.length && HELP.startsWith(stored);
      }, POLL)
      .toBe(true);
    client.close();
  });

  it('says in ready how the user chose sounds over the reply be judged: "stop at any sound" saved', async () => {
    const before = await TalkClient.connect(relay.wsUrl);
    expect(before.ready.bargeIn).toBe('words');
    before.close();
    const put = await savePreferences(relay.url, { stopAtAnySound: true });
    expect(put.status).toBe(200);
    const after = await TalkClient.connect(relay.wsUrl);
    expect(after.ready.bargeIn).toBe('any-sound');
    after.close();
  });
});
