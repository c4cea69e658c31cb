import { describe, expect, it } from 'vitest';
import { RecordingLink, sessionKits } from './session.test-kit.ts';

const kit = sessionKits();

/** The seq of every turn-output message a link was sent (acks and partials carry none). */
function seqs(link: RecordingLink): number[] {
  return link.sent.flatMap((s) => {
    if ('audio' in s) return [s.audio.seq];
    if ('json' in s && 'seq' in s.json && s.json.type !== 'ack') return [s.json.seq];
    return [];
  });
}

describe('a session taken back', () => {
  it('its client comes back on a new connection: sent what it missed, the old one told it was replaced', async () => {
    const k = await kit();
    k.types(1, 'what is the weather like today');
    const done = await k.turnDone(1);
    const all = seqs(k.link);
    expect(all.at(-1)).toBe(done.seq);
    // The client had the output up to the transcript when its connection dropped.
    const had = k.link.messages('transcript.final')[0]?.seq ?? -1;
    const kept = k.session.journalBytes;
    const again = new RecordingLink();
    k.session.attach(again, had, true);
    expect(seqs(again)).toEqual(all.filter((s) => s > had));
    expect(k.link.replacedCount).toBe(1);
    expect(k.observer.replayedMessages).toBe(all.length - had - 1);
    // What the client resumed from, it has; the rest it confirms: nothing is kept.
    expect(k.session.journalBytes).toBeLessThan(kept);
    expect(k.session.journalBytes).toBeGreaterThan(0);
    k.session.outputReceived(done.seq);
    expect(k.session.journalBytes).toBe(0);
  });

  it('while no connection is attached nothing is sent, and the output waits for the resume', async () => {
    const k = await kit();
    k.speaks(1, 6);
    expect(k.session.detach(new RecordingLink(), true)).toBe(false);
    expect(k.session.detach(k.link, true)).toBe(true);
    expect(k.session.attached).toBe(false);
    const sentBefore = k.link.sent.length;
    k.ends(1);
    await k.session.idle();
    expect(k.link.sent.length).toBe(sentBefore);
    const back = new RecordingLink();
    k.session.attach(back, -1, true);
    expect(back.messages('turn.done')).toEqual([
      expect.objectContaining({ turnId: 1, status: 'completed' }),
    ]);
    // The ack went nowhere: the client resends the end of the turn, and is acknowledged now.
    k.session.handle({
      type: 'utterance.end',
      turnId: 1,
      lastSeq: 5,
      speechEndAtMs: 0,
      sentAtMs: 0,
    });
    expect(back.messages('ack')).toEqual([expect.objectContaining({ seq: 5 })]);
  });

  it('its client is told again the latest words of the utterance still being spoken (sent while it was away), and none once it has ended (issue 63, item 9)', async () => {
    const k = await kit();
    k.providers.asr.hypothesis = 'thank you';
    k.session.handle({
      type: 'utterance.start',
      turnId: 1,
      firstSeq: 0,
      speechStartAtMs: 0,
      overReply: true,
    });
    k.more(1, 2);
    expect(k.link.messages('transcript.partial').map((m) => m.text)).toEqual(['thank you']);
    k.session.detach(k.link, true);
    k.providers.asr.hypothesis = 'thank you very much';
    k.more(1, 2);
    const back = new RecordingLink();
    k.session.attach(back, -1, true);
    expect(back.messages('transcript.partial')).toEqual([
      { type: 'transcript.partial', turnId: 1, text: 'thank you very much' },
    ]);
    k.ends(1);
    await k.session.idle();
    const again = new RecordingLink();
    k.session.attach(again, -1, true);
    expect(again.messages('transcript.partial')).toEqual([]);
  });

  it('only its own secret takes it back', async () => {
    const k = await kit();
    expect(k.session.checkSecret(k.session.resumeSecret)).toBe(true);
    expect(k.session.checkSecret(`${k.session.resumeSecret}x`)).toBe(false);
  });

  it('closing for a restart saves the resume state and the unconfirmed output, and does not end it', async () => {
    const k = await kit();
    k.speaks(1, 4).ends(1);
    const done = await k.turnDone(1);
    await k.session.close('relay restart', { resumable: true });
    const record = await k.storage.sessions.loadResume(k.session.id);
    expect(record?.state).toMatchObject({ lastTurnId: 1, ackedSeq: 3, outSeq: done.seq + 1 });
    expect(
      k.journals
        .get(k.session.id)
        ?.map((e) => e.seq)
        .at(-1),
    ).toBe(done.seq);
    expect((await k.storage.sessions.get('ada', k.session.id))?.endedAt).toBeNull();
    expect(k.released).toBe(1);
  });

  it('a spoken turn cut short by a restart is left for the client to replay: not stored, not acknowledged', async () => {
    const k = await kit();
    // Closed in the same tick as the end of the utterance: its answer cannot have finished.
    k.speaks(1, 4).ends(1);
    await k.session.close('relay restart', { resumable: true });
    expect(await k.stored()).toEqual([]);
    expect(k.link.messages('turn.done')).toEqual([]);
    expect(k.acked).toBe(-1);
    expect((await k.storage.sessions.loadResume(k.session.id))?.state).toMatchObject({
      lastTurnId: -1,
      ackedSeq: -1,
    });
  });
});
