import { describe, expect, it } from 'vitest';
import { isLateWords, showConnectionState, turnEventsToSink } from './call-events.ts';
import { CallPhase } from './call-phase.ts';
import { RecordingSink } from './call-sink.test-kit.ts';

describe('an utterance the page dropped', () => {
  it('is gone from the page, and the relay words of it still on their way do not bring it back', () => {
    const sink = new RecordingSink();
    const dropped = new Set<number>();
    const events = turnEventsToSink(sink, new CallPhase((phase) => sink.state({ phase })), dropped);
    const partial = (turnId: number, text: string) =>
      ({ type: 'transcript.partial', turnId, text }) as const;
    /** What the call does with a relay message (voice-call's onMessage). */
    const relay = (m: ReturnType<typeof partial>) => {
      if (!isLateWords(m, dropped)) sink.message(m);
    };
    const shown = () =>
      sink.events.map(({ kind, event }) =>
        kind === 'message' && event.type === 'transcript.partial'
          ? `words ${event.turnId}: ${event.text}`
          : kind === 'transcript'
            ? `begun ${event.turnId}`
            : kind === 'turn'
              ? `${event.kind} ${event.turnId}`
              : kind,
      );

    events.userTurn(2, '', false);
    relay(partial(2, 'yeah'));
    expect(shown()).toEqual(['begun 2', 'words 2: yeah']);
    // A backchannel over the reply: the page cancels it; the relay sent one more word before
    // it had the cancel.
    events.userTurnDropped(2);
    relay(partial(2, 'yeah yeah'));
    expect(shown().slice(2)).toEqual(['dropped 2']);
    // The next utterance's words are shown as ever.
    events.userTurn(3, '', false);
    relay(partial(3, 'wait'));
    expect(shown().slice(3)).toEqual(['begun 3', 'words 3: wait']);
  });
});

describe('the connection, as the call shows it', () => {
  it('keeps showing a reconnect while its attempts connect, and tells an unreachable relay from no network', () => {
    const sink = new RecordingSink();
    const shown = () => sink.events.map(({ event }) => event);
    expect(showConnectionState(sink, true, { kind: 'connecting' }, false)).toBe(false);
    expect(
      showConnectionState(
        sink,
        true,
        { kind: 'reconnecting', attempt: 2, nextInMs: 1500, reason: 'closed (1006)' },
        false,
      ),
    ).toBe(false);
    // An attempt while the reconnect is shown: it stays shown, with when the next one is.
    showConnectionState(sink, true, { kind: 'connecting' }, true);
    showConnectionState(sink, true, { kind: 'connected', resumed: true }, true);
    expect(shown()).toEqual([
      { status: 'connecting' },
      { status: 'reconnecting', attempt: 2, nextInMs: 1500 },
      { status: 'connected', resumed: true },
    ]);
    // Ended for good: the call must end; "unreachable" only while the network works.
    const lost = { kind: 'offline', reason: 'x', loss: 'unreachable' } as const;
    expect(showConnectionState(sink, true, lost, false)).toBe(true);
    expect(showConnectionState(sink, false, lost, false)).toBe(true);
    expect(shown().slice(3)).toEqual([{ status: 'unreachable' }, { status: 'offline' }]);
  });
});
