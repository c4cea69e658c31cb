import { describe, expect, it } from 'vitest';
import { uplinkProblems } from '../../e2e/uplink-wire.ts';
import { TabStorage } from '../../shared/src/net/tab-storage.test-kit.ts';
import { answered, TIME, useCallSuite } from './call-suite.ts';

// A call carried across a full page load within the embedding site (issue 64, item 4;
// docs/design/call-across-pages.md), run in Node as call.test.ts runs the page's call: a first
// page talks, then "navigates" (pagehide, the hand-off written to the tab's sessionStorage), and
// a second page made from the same storage resumes the same session at a real relay.

describe('a call handed to the tab’s next page, against a real relay', () => {
  const suite = useCallSuite('hand-off');
  /** A page of the tab whose storage is `tab`. */
  const page = (tab: TabStorage) => suite.kit(undefined, tab);

  it('navigates after a turn: the next page shows it, resumes the session, and its next turn is answered; every turn stored once', async () => {
    const tab = new TabStorage();
    const first = page(tab);
    await first.call.start();
    await first.say('What time is it?');
    await expect.poll(() => first.transcript()).toEqual(answered('what time is it', TIME));
    await expect.poll(() => first.state.call).toBe('listening');
    const sessionId = first.wire.sessionIds[0];

    first.page.hide();
    expect([...tab.items.keys()]).toEqual([`parley:hand-off:http://127.0.0.1:${suite.proxy.port}`]);
    // The page is gone: what it does next reaches no relay.
    first.close();

    const next = page(tab);
    expect(tab.items.size).toBe(0);
    await expect.poll(() => next.transcript()).toEqual(answered('what time is it', TIME));
    await expect.poll(() => next.wire.sessionIds).toEqual([sessionId]);
    expect(next.wire.sentOf('hello')[0]?.resume?.sessionId).toBe(sessionId);
    expect(next.wire.messages('ready')[0]?.resumed).toBe(true);

    await next.call.start();
    expect(next.wire.sockets).toBe(1);
    await next.say('Thank you very much.');
    await expect
      .poll(() => next.transcript())
      .toEqual([
        ...answered('what time is it', TIME),
        ...answered('thank you very much', "You're welcome."),
      ]);
    expect(next.wire.sessionIds).toEqual([sessionId]);
    // One run of seqs across both pages: the next page's microphone goes on above the first's.
    const handedOver = new Set(first.wire.uplink.map((e) => e.turnId));
    const fresh = next.wire.uplink.filter((e) => !handedOver.has(e.turnId));
    expect(uplinkProblems([...first.wire.uplink, ...fresh])).toEqual([]);
    await expect
      .poll(async () => (await next.storedTurns(suite.relay)).map((t) => [t.userText, t.status]))
      .toEqual([
        ['what time is it', 'completed'],
        ['thank you very much', 'completed'],
      ]);
  });

  it('navigates mid-reply: the reply is stored as heard up to there, and the next page shows it so', async () => {
    const tab = new TabStorage();
    const first = page(tab);
    await first.call.start();
    // A three-sentence answer, seconds long: the page goes half a second into its second sentence.
    await first.say('What can you do?');
    const turnId = () => first.state.entries.find((e) => e.role === 'assistant')?.turnId ?? -1;
    const rate = () => first.debug.ready?.outputSampleRateHz ?? 0;
    const played = () => first.debug.player?.playedSamplesAt(turnId(), rate()) ?? 0;
    const segments = () =>
      first.wire.messages('reply.segment').filter((m) => m.turnId === turnId());
    await expect.poll(() => segments().length).toBeGreaterThanOrEqual(2);
    const second = segments()[1]?.startSample ?? 0;
    await expect.poll(played).toBeGreaterThan(second + rate() / 2);

    first.page.hide();
    // The last playback report, sent before the socket closed.
    const [cut] = first.wire.sentOf('interrupt');
    expect(cut?.turnId).toBe(turnId());
    expect(cut?.playedSamples).toBeGreaterThan(second);
    first.close();

    const next = page(tab);
    await expect.poll(() => next.wire.messages('reply.truncated')).toHaveLength(1);
    const heard = next.wire.messages('reply.truncated')[0]?.heard ?? '';
    expect(heard.startsWith(segments()[0]?.text ?? '-')).toBe(true);
    await expect
      .poll(() => next.transcript())
      .toEqual([
        { role: 'user', text: 'what can you do' },
        { role: 'assistant', text: heard, status: 'interrupted' },
      ]);
    await expect
      .poll(async () => (await next.storedTurns(suite.relay)).map((t) => t.assistantText))
      .toEqual([heard]);

    // The call comes back, and the next turn is answered. (That the cut reply's audio still to
    // come is not played is page-hand-off.test.ts's.)
    await next.call.start();
    await next.say('Thank you very much.');
    await expect
      .poll(() => next.transcript().slice(2))
      .toEqual(answered('thank you very much', "You're welcome."));
    expect(new Set([...first.wire.sessionIds, ...next.wire.sessionIds]).size).toBe(1);
    await expect
      .poll(async () => (await next.storedTurns(suite.relay)).map((t) => t.userText))
      .toEqual(['what can you do', 'thank you very much']);
  });

  it('navigates mid-sentence: what was said is ended there and answered once, in the same session', async () => {
    const tab = new TabStorage();
    const first = page(tab);
    await first.call.start();
    await first.say('Thank you very much.');
    // Words of it heard already: the detector took it as speech (on a loaded machine the relay
    // may have read it whole by then).
    await expect
      .poll(
        () =>
          first.wire.messages('transcript.partial').some((m) => m.text !== '') ||
          first.wire.messages('transcript.final').length > 0,
      )
      .toBe(true);
    first.page.hide();
    first.close();
    // The page ended the utterance where it was, before it went.
    const [end] = first.wire.uplink.filter((e) => e.kind === 'end');
    expect(end).toBeDefined();
    expect(uplinkProblems(first.wire.uplink)).toEqual([]);

    const next = page(tab);
    // Answered once, on one page or the other: on a loaded machine the relay may have answered
    // before the first page went (CI once waited in vain for the next page's turn.done).
    await expect
      .poll(() => [...first.wire.messages('turn.done'), ...next.wire.messages('turn.done')])
      .toHaveLength(1);
    // Its words reached one page or the other (the first, when the relay read them before it
    // went): once.
    const finals = [
      ...first.wire.messages('transcript.final'),
      ...next.wire.messages('transcript.final'),
    ];
    expect(finals).toHaveLength(1);
    const [said] = finals;
    expect('thank you very much'.startsWith(said?.text ?? '-')).toBe(true);
    await expect
      .poll(async () => (await next.storedTurns(suite.relay)).map((t) => [t.userText, t.status]))
      .toEqual([[said?.text, 'completed']]);
    expect(new Set([...first.wire.sessionIds, ...next.wire.sessionIds]).size).toBe(1);
  });
});
