import { describe, expect, it } from 'vitest';
import type { PcmChunk } from '../audio/chunker.ts';
import { UplinkJournal, type UplinkItem } from './uplink-journal.ts';

const chunk = (seq: number): PcmChunk => ({
  seq,
  firstSample: seq * 1600,
  samples: new Int16Array(1600),
});

/** Builds a journal from a script that reads like the conversation. */
function script() {
  const j = new UplinkJournal(10);
  const api = {
    journal: j,
    says(turnId: number, seqs: number[]) {
      const first = seqs[0] ?? 0;
      j.record({
        kind: 'message',
        message: { type: 'utterance.start', turnId, firstSeq: first, speechStartAtMs: 0 },
      });
      for (const s of seqs)
        j.record({ kind: 'audio', turnId, chunk: chunk(s), timestampMs: s * 100 });
      return api;
    },
    stops(turnId: number, lastSeq: number) {
      j.record({
        kind: 'message',
        message: { type: 'utterance.end', turnId, lastSeq, speechEndAtMs: 0, sentAtMs: 0 },
      });
      return api;
    },
    types(turnId: number, text = 'hello') {
      j.record({ kind: 'message', message: { type: 'user.text', turnId, text } });
      return api;
    },
    pauses(turnId: number, lastSeq: number) {
      j.record({ kind: 'message', message: { type: 'utterance.pause', turnId, lastSeq } });
      return api;
    },
    resumes(turnId: number) {
      j.record({ kind: 'message', message: { type: 'utterance.resume', turnId } });
      return api;
    },
    more(turnId: number, seqs: number[]) {
      for (const s of seqs)
        j.record({ kind: 'audio', turnId, chunk: chunk(s), timestampMs: s * 100 });
      return api;
    },
    misfires(turnId: number) {
      j.record({
        kind: 'message',
        message: { type: 'utterance.cancel', turnId, reason: 'misfire' },
      });
      return api;
    },
  };
  return api;
}

const brief = (items: UplinkItem[]) =>
  items.map((i) =>
    i.kind === 'audio'
      ? `${i.chunk.seq}`
      : i.message.type === 'user.text'
        ? `typed:${i.message.turnId}`
        : `${i.message.type.slice(10)}:${i.message.turnId}`,
  );

describe('UplinkJournal', () => {
  it('replays a chunk sent as Opus with the very packets it was sent with', () => {
    const j = new UplinkJournal(10);
    j.record({
      kind: 'message',
      message: { type: 'utterance.start', turnId: 1, firstSeq: 0, speechStartAtMs: 0 },
    });
    const packets = [Uint8Array.of(72, 1), Uint8Array.of(72, 2)];
    j.record({ kind: 'audio', turnId: 1, chunk: chunk(0), timestampMs: 5, packets });
    j.record({ kind: 'audio', turnId: 1, chunk: chunk(1), timestampMs: 105 });
    const audio = j.replay().filter((i) => i.kind === 'audio');
    expect(audio.map((i) => i.packets)).toEqual([packets, undefined]);
    expect(audio[0]?.packets?.[1]).toBe(packets[1]);
  });

  it('replays an unacknowledged utterance in order, control messages included', () => {
    const { journal } = script().says(1, [3, 4, 5]).stops(1, 5);
    expect(brief(journal.replay())).toEqual(['start:1', '3', '4', '5', 'end:1']);
  });

  /**
   * Issue 61, item 4: a replay after an outage carried the audio but not its pauses, so the
   * relay cut the same speech elsewhere (or nowhere) and could write other words.
   */
  it('replays the pauses and resumes of an utterance in their place among its chunks', () => {
    const { journal } = script()
      .says(1, [0, 1])
      .pauses(1, 1)
      .resumes(1)
      .more(1, [2, 3])
      .pauses(1, 3)
      .stops(1, 3);
    expect(brief(journal.replay())).toEqual([
      'start:1',
      '0',
      '1',
      'pause:1',
      'resume:1',
      '2',
      '3',
      'pause:1',
      'end:1',
    ]);
    expect(journal.unackedChunks).toBe(4);
    journal.ack(3);
    expect(journal.replay()).toEqual([]);
  });

  it('drops the pauses after a chunk it lost when full: they are about audio never sent', () => {
    const s = script().says(1, [0, 1]).pauses(1, 1).resumes(1);
    s.more(1, [2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(s.journal.overflowed).toBe(1);
    expect(brief(s.journal.replay()).slice(0, 3)).toEqual(['start:1', '1', 'pause:1']);
    s.more(1, [11]);
    expect(brief(s.journal.replay()).slice(0, 3)).toEqual(['start:1', '2', '3']);
  });

  it('replays an utterance still being spoken, then forgets it once acknowledged', () => {
    const s = script().says(1, [0, 1]);
    expect(brief(s.journal.replay())).toEqual(['start:1', '0', '1']);
    s.journal.record({ kind: 'audio', turnId: 1, chunk: chunk(2), timestampMs: 0 });
    s.stops(1, 2);
    s.journal.ack(2);
    expect(s.journal.replay()).toEqual([]);
    expect(s.journal.unackedChunks).toBe(0);
  });

  it('keeps the next utterance when an earlier one is acknowledged (gaps between them)', () => {
    const { journal } = script().says(1, [0, 1]).stops(1, 1).says(2, [7, 8]);
    journal.ack(1);
    expect(brief(journal.replay())).toEqual(['start:2', '7', '8']);
  });

  it('replays a misfire so the relay can free it', () => {
    const { journal } = script().says(1, [0]).misfires(1);
    expect(brief(journal.replay())).toEqual(['start:1', '0', 'cancel:1']);
    journal.ack(0);
    expect(journal.replay()).toEqual([]);
  });

  it('ignores duplicate and already-acknowledged chunks, and stale acks', () => {
    const { journal } = script().says(1, [0, 1]).stops(1, 1);
    journal.ack(1);
    journal.ack(0);
    expect(journal.ackedSeq).toBe(1);
    journal.record({ kind: 'audio', turnId: 1, chunk: chunk(1), timestampMs: 0 });
    expect(journal.unackedChunks).toBe(0);
  });

  it('is bounded: drops the oldest chunks beyond capacity and counts them', () => {
    const { journal } = script().says(1, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(journal.unackedChunks).toBe(10);
    expect(journal.overflowed).toBe(2);
    expect(brief(journal.replay()).slice(0, 3)).toEqual(['start:1', '2', '3']);
  });

  it('keeps typed messages in their place among utterances until their turn is answered', () => {
    const { journal } = script().says(1, [0, 1]).stops(1, 1).types(2).says(3, [2]).types(4);
    expect(brief(journal.replay())).toEqual([
      'start:1',
      '0',
      '1',
      'end:1',
      'typed:2',
      'start:3',
      '2',
      'typed:4',
    ]);
    expect(journal.unansweredTyped).toBe(2);
    // Acknowledged audio does not answer a typed message; its turn's end does.
    journal.ack(1);
    expect(brief(journal.replay())).toEqual(['typed:2', 'start:3', '2', 'typed:4']);
    journal.answered(2);
    expect(brief(journal.replay())).toEqual(['start:3', '2', 'typed:4']);
    // A later turn answered: the relay had every earlier one.
    journal.answered(9);
    expect(brief(journal.replay())).toEqual(['start:3', '2']);
    expect(journal.unansweredTyped).toBe(0);
  });

  it('keeps at most 20 unanswered typed messages, dropping the oldest', () => {
    const s = script();
    for (let turnId = 1; turnId <= 22; turnId++) s.types(turnId);
    const replayed = brief(s.journal.replay());
    expect(replayed).toHaveLength(20);
    expect(replayed[0]).toBe('typed:3');
  });

  it('ignores audio for an utterance it never saw start', () => {
    const j = new UplinkJournal();
    j.record({ kind: 'audio', turnId: 9, chunk: chunk(0), timestampMs: 0 });
    expect(j.replay()).toEqual([]);
  });
});
