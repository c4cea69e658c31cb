import { CloseCode, type ServerMessage } from '@parley/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TabStorage } from '../../../shared/src/net/tab-storage.test-kit.ts';
import type { ShownEvent } from './call-sink.test-kit.ts';
import { fakeCall } from './voice-call.test-kit.ts';

// Page A hands its conversation to page B (a link of the site; A kept for Back), B goes on with
// it, and the user presses Back: B hands the session over as it goes, and A, shown again from
// the back/forward cache, is the tab's next page (docs/design/call-across-pages.md).

/** Turn `turnId` typed and answered, as the relay sends it from `seq`. */
function answered(turnId: number, seq: number, text: string, reply: string): ServerMessage[] {
  return [
    { type: 'transcript.final', seq, turnId, text },
    { type: 'reply.delta', seq: seq + 1, turnId, text: reply },
    {
      type: 'turn.done',
      seq: seq + 2,
      turnId,
      status: 'completed',
      reply,
      audioSamples: 0,
      timings: {},
    },
  ];
}

const FIRST = answered(1, 0, 'what is twelve times seven', '12 times 7 is 84.');
const SECOND = answered(2, 3, 'and plus one', '85.');

const TYPED_SESSION: ShownEvent = { kind: 'session', event: { kind: 'typed-session' } };

/** A page of the tab with `storage` whose conversation hands over at `pagehide`. */
const pageOf = (storage: TabStorage) => fakeCall({ sessionStorage: storage, endOnPageHide: false });

/** Page A, its typed conversation answered once, then gone to page B (A kept for Back). */
async function leftForB(storage: TabStorage) {
  const a = pageOf(storage);
  expect(await a.call.send('what is twelve times seven')).toBe(true);
  const socket = a.sockets[0];
  if (!socket) throw new Error('no connection');
  for (const m of FIRST) socket.receive(m);
  a.hide(true);
  expect(socket.closeCode).toBe(CloseCode.HandedOff);
  return { ...a, socket, sentBeforeBack: socket.sent.length };
}

/** Page B: takes the conversation, its typed session resumed. */
async function pageB(storage: TabStorage) {
  const b = pageOf(storage);
  await vi.waitFor(() => expect(b.sink.events).toContainEqual(TYPED_SESSION));
  const socket = b.sockets[0];
  if (!socket) throw new Error('no connection');
  return { ...b, socket };
}

/** The hellos page `p` sent, socket by socket. */
const hellos = (p: ReturnType<typeof fakeCall>) =>
  p.sockets.map((s) => s.json().filter((m) => m.type === 'hello'));

describe('a page shown again by Back after it handed its conversation over', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('takes the hand-off the page it came back from wrote: the same session resumed, that page’s turns shown in place of its own', async () => {
    vi.useFakeTimers();
    const storage = new TabStorage();
    const a = await leftForB(storage);
    const b = await pageB(storage);
    expect(await b.call.send('and plus one')).toBe(true);
    for (const m of SECOND) b.socket.receive(m);
    b.hide();
    expect(b.socket.closeCode).toBe(CloseCode.HandedOff);

    const before = a.sink.events.length;
    a.show(true);
    await vi.waitFor(() => expect(a.sockets[1]?.json()[0]).toBeDefined());
    // One new socket, resuming B's session where B left it (its turn 2 had): no new session.
    expect(hellos(a)).toEqual([
      [expect.objectContaining({ type: 'hello' })],
      [
        expect.objectContaining({
          resume: { sessionId: 'sess1', secret: 'secret-secret-secret-1', lastSeq: 5 },
        }),
      ],
    ]);
    expect(a.sockets[1]?.json()[0]).not.toHaveProperty('continue');
    // A's old socket, closed as A went, says nothing more.
    expect(a.socket.sent).toHaveLength(a.sentBeforeBack);
    expect(storage.items.size).toBe(0);
    // What B showed, told as a conversation handed over (which replaces what A showed).
    await vi.waitFor(() => expect(a.sink.events.slice(before)).toContainEqual(TYPED_SESSION));
    const told = a.sink.events.slice(before);
    const handedOver = told.findIndex(
      (e) => e.kind === 'session' && e.event.kind === 'handed-over',
    );
    expect(told[handedOver]).toEqual({
      kind: 'session',
      event: { kind: 'handed-over', mode: 'typed', muted: false },
    });
    const shown = told.slice(handedOver).flatMap((e) => (e.kind === 'message' ? [e.event] : []));
    expect(shown).toEqual([...FIRST, ...SECOND]);

    // The conversation goes on on A, in that session: its next turn follows B's.
    expect(await a.call.send('and minus two')).toBe(true);
    expect(a.sockets[1]?.json().filter((m) => m.type === 'user.text')).toEqual([
      expect.objectContaining({ turnId: 3, text: 'and minus two' }),
    ]);
    expect(a.sockets).toHaveLength(2);
  });

  it('takes it when the later page writes it just after this page is shown (Chromium: that page’s `pagehide` may come after this one’s `pageshow`)', async () => {
    vi.useFakeTimers();
    const storage = new TabStorage();
    const a = await leftForB(storage);
    const b = await pageB(storage);
    a.show(true);
    await vi.advanceTimersByTimeAsync(300);
    expect(a.sockets).toHaveLength(1);
    b.hide();
    await vi.waitFor(() =>
      expect(hellos(a)[1]).toMatchObject([{ resume: { sessionId: 'sess1' } }]),
    );
    expect(storage.items.size).toBe(0);
  });

  it('looks for it a short while only, and not once the page has a conversation of its own', async () => {
    vi.useFakeTimers();
    const storage = new TabStorage();
    const a = await leftForB(storage);
    const b = await pageB(storage);
    a.show(true);
    // Talk on A before the later page's hand-off is there: A's own session, and B's is not taken.
    expect(await a.call.send('hello again')).toBe(true);
    b.hide();
    await vi.advanceTimersByTimeAsync(3_000);
    // (Its own session's hello is a new one; B's hand-off is still there, for nobody.)
    expect(hellos(a)[1]?.[0]).not.toHaveProperty('resume');
    expect(storage.items.size).toBe(1);
    // Nor later, when nothing goes on: it was looked for a short while after the page was shown.
    a.call.endAll();
    const sockets = a.sockets.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(a.sockets).toHaveLength(sockets);
    expect(storage.items.size).toBe(1);
  });

  it('a call comes back as a call: the call A had is over, and Talk takes the session resumed (no second one)', async () => {
    vi.useFakeTimers();
    const storage = new TabStorage();
    const a = pageOf(storage);
    const starting = a.call.start();
    await a.waitsForMic();
    a.hide(true);
    // The microphone A asked for as it went answers late (no).
    a.devices.deny();
    await starting;
    // B goes on talking (its Talk, or the call going on by itself), then the user goes Back.
    const b = await pageB(storage);
    void b.call.start();
    await b.waitsForMic();
    b.hide();

    const before = a.sink.events.length;
    a.show(true);
    await vi.waitFor(() =>
      expect(a.sink.events.slice(before)).toContainEqual({
        kind: 'session',
        event: { kind: 'handed-over', mode: 'call', muted: false },
      }),
    );
    expect(a.sink.phase).toBe('idle');
    await vi.waitFor(() => expect(a.sink.events.slice(before)).toContainEqual(TYPED_SESSION));
    expect(hellos(a)[1]).toMatchObject([{ resume: { sessionId: 'sess1', lastSeq: -1 } }]);
    // Talk (or its tap): the call takes the resumed session.
    void a.call.start();
    await vi.waitFor(() => expect(a.vad.optionsSet).toBe(2));
    expect(a.sockets).toHaveLength(2);
    expect(a.sockets[1]?.closed).toBe(false);
  });

  it('with no hand-off (the later page ended the conversation): shows it ended, and the next message opens a new session', async () => {
    vi.useFakeTimers();
    const storage = new TabStorage();
    const a = await leftForB(storage);
    const b = await pageB(storage);
    b.call.endAll();
    b.hide();
    expect(storage.items.size).toBe(0);

    a.show(true);
    expect(a.sink.phase).toBe('idle');
    expect(await a.call.send('hello again')).toBe(true);
    await vi.waitFor(() => expect(a.sockets[1]?.json()[0]).toBeDefined());
    expect(a.sockets[1]?.json()[0]).toMatchObject({ type: 'hello' });
    expect(a.sockets[1]?.json()[0]).not.toHaveProperty('resume');
    expect(a.socket.sent).toHaveLength(a.sentBeforeBack);
  });

  it('a page that handed nothing over (nothing was going on) does nothing when shown again', async () => {
    vi.useFakeTimers();
    const storage = new TabStorage();
    const a = pageOf(storage);
    a.hide(true);
    const b = pageOf(storage);
    expect(await b.call.send('hello')).toBe(true);
    b.hide();
    const before = a.sink.events.length;
    a.show(true);
    await Promise.resolve();
    expect(a.sockets).toEqual([]);
    expect(a.sink.events.slice(before)).toEqual([]);
    // The later page's hand-off is left for the tab's next page that loads.
    expect(storage.items.size).toBe(1);
  });
});
