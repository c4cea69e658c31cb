import { describe, expect, it } from 'vitest';
import { CHUNK_SAMPLES } from '../audio/constants.ts';
import type { PcmChunk } from '../audio/chunker.ts';
import { FrameKind, encodeAudioFrame } from '../protocol/codec.ts';
import type { ReadyMessage } from '../protocol/messages.ts';
import { ClientResume } from './client-resume.ts';
import { flush, ready, setup } from './connection-test-kit.ts';
import {
  MAX_HAND_OFF_CHARS,
  handOffKey,
  takeHandOff,
  writeHandOff,
  type PageHandOff,
} from './page-hand-off.ts';
import { TabStorage } from './tab-storage.test-kit.ts';
import type { UplinkItem } from './uplink-journal.ts';

const RELAY = 'https://relay.example';
const SAVED_AT = 1_000_000;

/** A chunk of speech-like noise: every sample differs, so a chunk out of place shows. */
const chunk = (seq: number): PcmChunk => ({
  seq,
  firstSample: seq * CHUNK_SAMPLES,
  samples: Int16Array.from(
    { length: CHUNK_SAMPLES },
    (_, i) => ((seq * 7919 + i * 104_729) % 65_536) - 32_768,
  ),
});

/**
 * A page's resume after the relay accepted session `sess1`, with turn 1 spoken (chunks 0–5, a
 * pause and resume among them, the end) and acknowledged up to chunk 1, turn 2 being spoken in
 * Opus (chunks 6–8), and a typed turn 3 not yet answered. `capacity`: the journal's bound.
 */
function pageResume(capacity = 300, acked = 1): ClientResume {
  const r = new ClientResume(capacity);
  r.ready({ ...ready(false), sessionId: 'sess1' } satisfies ReadyMessage);
  r.keepMessage({ type: 'utterance.start', turnId: 1, firstSeq: 0, speechStartAtMs: 5 });
  for (let s = 0; s <= 5; s++) {
    r.keepAudio({ kind: 'audio', turnId: 1, chunk: chunk(s), timestampMs: s * 100 });
    if (s === 2) r.keepMessage({ type: 'utterance.pause', turnId: 1, lastSeq: 2 });
    if (s === 3) r.keepMessage({ type: 'utterance.resume', turnId: 1 });
  }
  r.keepMessage({ type: 'utterance.end', turnId: 1, lastSeq: 5, speechEndAtMs: 9, sentAtMs: 9 });
  r.keepMessage({ type: 'utterance.start', turnId: 2, firstSeq: 6, speechStartAtMs: 700 });
  for (let s = 6; s <= 8; s++)
    r.keepAudio({
      kind: 'audio',
      turnId: 2,
      chunk: chunk(s),
      timestampMs: s * 100,
      packets: [Uint8Array.of(s, 1, 2), Uint8Array.of(s, 3)],
    });
  r.keepMessage({ type: 'user.text', turnId: 3, text: 'and tomorrow?' });
  r.ack(acked);
  return r;
}

/** The whole hand-off a page writes, around `r`'s part. */
function handOffOf(r: ClientResume, more: Partial<PageHandOff> = {}): PageHandOff {
  const resume = r.handOff();
  if (!resume) throw new Error('no session to hand off');
  return {
    v: 1,
    relay: RELAY,
    ...resume,
    shown: { turns: [] },
    mode: 'call',
    muted: false,
    inputMode: 'hands-free',
    savedAt: SAVED_AT,
    ...more,
  };
}

/** What a replay sends, comparable: messages whole, audio by seq, its PCM or packets. */
function wire(items: UplinkItem[]) {
  return items.map((i) =>
    i.kind === 'message'
      ? i.message
      : {
          turnId: i.turnId,
          seq: i.chunk.seq,
          pcm: i.packets ? null : [...i.chunk.samples],
          packets: i.packets?.map((p) => [...p]) ?? null,
        },
  );
}

describe('the page hand-off', () => {
  it('round trip: the next page resumes the session and replays every unacknowledged chunk in order', () => {
    const before = pageResume();
    before.message({ type: 'reply.delta', seq: 41, turnId: 1, text: 'Hi' });
    const storage = new TabStorage();
    expect(writeHandOff(storage, handOffOf(before))).toBe(true);

    const taken = takeHandOff(storage, RELAY, SAVED_AT + 2_000);
    if (taken.kind !== 'found') throw new Error(`no hand-off: ${JSON.stringify(taken)}`);
    const after = ClientResume.fromHandOff(taken.handOff, 300);
    expect(after.helloResume()).toEqual({
      sessionId: 'sess1',
      secret: 'secret-secret-secret-1',
      lastSeq: 41,
    });
    // Chunks 2–5 of turn 1 (1 acknowledged), 6–8 of turn 2 as Opus, the typed turn.
    expect(after.unackedChunks).toBe(7);
    expect(after.unansweredTyped).toBe(1);
    expect(wire(after.replay())).toEqual(wire(before.replay()));
    expect(wire(after.replay()).map((x) => ('seq' in x ? x.seq : x.type))).toEqual([
      'utterance.start',
      2,
      'utterance.pause',
      3,
      'utterance.resume',
      4,
      5,
      'utterance.end',
      'utterance.start',
      6,
      7,
      8,
      'user.text',
    ]);
    // The next page's microphone goes on above every chunk of the session.
    expect(after.nextMicSeq).toBe(9);
    // The relay's ready then says what it has: the rest is forgotten as on any resume.
    expect(after.ready({ ...ready(true, 6), sessionId: 'sess1' })).toBe(true);
    expect(after.unackedChunks).toBe(2);
  });

  it('over the journal’s bound, the next page keeps the newest chunks and counts the rest lost', () => {
    const before = pageResume(300, -1);
    const h = handOffOf(before, { lostChunks: 4 });
    const after = ClientResume.fromHandOff(h, 5);
    expect(after.unackedChunks).toBe(5);
    // 9 chunks handed over, 5 kept; 4 were lost before the page went.
    expect(after.lostChunks).toBe(4 + 4);
    const seqs = after.replay().flatMap((i) => (i.kind === 'audio' ? [i.chunk.seq] : []));
    expect(seqs).toEqual([4, 5, 6, 7, 8]);
  });

  it('with everything acknowledged, still says where the next page’s microphone goes on', () => {
    const before = pageResume(300, 8);
    const h = handOffOf(before);
    expect(h.uplink.filter((i) => i.kind === 'audio')).toEqual([]);
    expect(ClientResume.fromHandOff(h, 300).nextMicSeq).toBe(9);
    expect(new ClientResume(300).nextMicSeq).toBe(0);
  });

  it('is read once: a second read (another tab, a reload after) finds nothing', () => {
    const storage = new TabStorage();
    writeHandOff(storage, handOffOf(pageResume()));
    expect(takeHandOff(storage, RELAY, SAVED_AT).kind).toBe('found');
    expect(storage.items.size).toBe(0);
    expect(takeHandOff(storage, RELAY, SAVED_AT)).toEqual({ kind: 'none' });
  });

  it('ignores, and deletes, corrupt, foreign, expired or oversized storage; never throws', () => {
    const storage = new TabStorage();
    const key = handOffKey(RELAY);
    const good = handOffOf(pageResume());
    const cases: [string, string, number][] = [
      ['corrupt', '{"v":1,', SAVED_AT],
      ['corrupt', JSON.stringify({ ...good, v: 2 }), SAVED_AT],
      ['corrupt', JSON.stringify({ ...good, secret: 'short' }), SAVED_AT],
      [
        'corrupt',
        JSON.stringify({ ...good, uplink: [{ kind: 'audio', codec: 'pcm16', pcm: '**' }] }),
        SAVED_AT,
      ],
      ['foreign', JSON.stringify({ ...good, relay: 'https://other.example' }), SAVED_AT],
      ['expired', JSON.stringify(good), SAVED_AT + 60_001],
      ['expired', JSON.stringify(good), SAVED_AT - 60_000],
      ['oversized', 'x'.repeat(MAX_HAND_OFF_CHARS + 1), SAVED_AT],
    ];
    for (const [reason, text, now] of cases) {
      storage.items.set(key, text);
      expect(takeHandOff(storage, RELAY, now)).toEqual({ kind: 'ignored', reason });
      expect(storage.items.has(key)).toBe(false);
    }
    storage.items.set(key, JSON.stringify(good));
    storage.refuses = true;
    expect(takeHandOff(storage, RELAY, SAVED_AT)).toEqual({ kind: 'none' });
    expect(writeHandOff(storage, good)).toBe(false);
  });

  it('keeps 10 s of unacknowledged PCM16 microphone audio in well under sessionStorage’s 5 MB', () => {
    const r = new ClientResume(300);
    r.ready(ready(false));
    r.keepMessage({ type: 'utterance.start', turnId: 1, firstSeq: 0, speechStartAtMs: 0 });
    for (let s = 0; s < 100; s++)
      r.keepAudio({ kind: 'audio', turnId: 1, chunk: chunk(s), timestampMs: s * 100 });
    const text = JSON.stringify(handOffOf(r));
    // 10 s at 16 kHz is 320,000 bytes of PCM16: base64 makes it 426,800 characters.
    expect(text.length).toBeGreaterThan(426_800);
    expect(text.length).toBeLessThan(450_000);
  });

  it('the connection of the next page resumes with it, replays what the relay lacks, and plays nothing more of the reply cut', async () => {
    const h = { ...handOffOf(pageResume()), lastSeq: 41, cutTurnId: 0 };
    const t = setup({ resumeFrom: h });
    void t.conn.start();
    await flush();
    t.last().open();
    const [hello] = t.last().json();
    expect(hello).toMatchObject({
      type: 'hello',
      resume: { sessionId: 'sess1', secret: 'secret-secret-secret-1', lastSeq: 41 },
    });
    t.last().receive({ ...ready(true, 4), sessionId: 'sess1' });
    expect(t.last().audioSeqs()).toEqual([5, 6, 7, 8]);
    // The relay's journal after seq 41: the rest of the reply cut (turn 0), its end, a new turn.
    const frame = (seq: number, turnId: number) =>
      encodeAudioFrame({
        kind: FrameKind.Reply,
        seq,
        turnId,
        timestampMs: 0,
        samples: Int16Array.of(seq),
      }).buffer;
    t.last().receive(frame(42, 0));
    t.last().receive({ type: 'reply.truncated', seq: 43, turnId: 0, heard: 'Hello' });
    t.last().receive(frame(44, 1));
    expect(t.received).toEqual(['reply.truncated', 'audio:44:44']);
    expect(t.conn.resumes).toBe(1);
  });
});
