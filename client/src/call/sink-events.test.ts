import type { ServerMessage } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import type { ParleyCallEvents } from '../parley-call-types.ts';
import type { CallSink } from './call-sink.ts';
import { sinkEvents } from './sink-events.ts';

type Told = { [E in keyof ParleyCallEvents]: [E, ParleyCallEvents[E]] }[keyof ParleyCallEvents];

/** The events `act` makes the sink tell, in order. */
function told(act: (sink: CallSink) => void): Told[] {
  const events: Told[] = [];
  act(sinkEvents((event, payload) => events.push([event, payload] as Told)));
  return events;
}

const providers = {
  asr: { id: 'a', label: 'A' },
  llm: { id: 'l', label: 'L' },
  tts: { id: 't', label: 'T' },
};

describe('sinkEvents: the call’s sink told as §3.2’s events', () => {
  it('passes state, connection, turn, level, controls as they are', () => {
    expect(
      told((s) => {
        s.state({ phase: 'listening' });
        s.connection({ status: 'reconnecting', attempt: 2, nextInMs: 1500 });
        s.turn({ kind: 'interrupted', turnId: 3 });
        s.level({ source: 'assistant', level: 0.5 });
        s.controls({ muted: true });
      }),
    ).toEqual([
      ['state', { phase: 'listening' }],
      ['connection', { status: 'reconnecting', attempt: 2, nextInMs: 1500 }],
      ['turn', { kind: 'interrupted', turnId: 3 }],
      ['level', { source: 'assistant', level: 0.5 }],
      ['controls', { muted: true }],
    ]);
  });

  it('tells a relay message as `message`, then what it projects to', () => {
    const m: ServerMessage = { type: 'transcript.partial', turnId: 2, text: 'hel' };
    const ack: ServerMessage = { type: 'ack', seq: 1 };
    expect(
      told((s) => {
        s.message(m);
        s.message(ack);
      }),
    ).toEqual([
      ['message', m],
      ['partial', { turnId: 2, text: 'hel' }],
      ['message', ack],
    ]);
  });

  it('tells a turn begun as not typed, and final words the call tells as typed', () => {
    expect(
      told((s) => {
        s.transcript({ turnId: 1, text: '', final: false });
        s.transcript({ turnId: 2, text: 'hello', final: true });
      }),
    ).toEqual([
      ['transcript', { turnId: 1, text: '', final: false, typed: false }],
      ['transcript', { turnId: 2, text: 'hello', final: true, typed: true }],
    ]);
  });

  it('tells a relay error flat (code, message, retryable, its turn if any); others as they are', () => {
    const failure = { kind: 'unreachable' } as const;
    const cause = new Error('x');
    expect(
      told((s) => {
        s.error({
          kind: 'relay',
          error: { type: 'error', code: 'internal', message: 'Oops', retryable: true, turnId: 4 },
        });
        s.error({
          kind: 'relay',
          error: { type: 'error', code: 'rate-limited', message: 'Slow', retryable: true },
        });
        s.error({ kind: 'start', failure, retry: 'call' });
        s.error({ kind: 'unexpected', what: 'reminder-ring', cause });
      }),
    ).toEqual([
      ['error', { kind: 'relay', code: 'internal', message: 'Oops', retryable: true, turnId: 4 }],
      ['error', { kind: 'relay', code: 'rate-limited', message: 'Slow', retryable: true }],
      ['error', { kind: 'start', failure, retry: 'call' }],
      ['error', { kind: 'unexpected', what: 'reminder-ring', cause }],
    ]);
  });

  it('tells a voice-to-voice figure as `voice-to-voice`, figures without one not at all', () => {
    const rt = { rttMs: 40, offsetMs: 3, atMs: 1000 };
    expect(
      told((s) => {
        s.latency({ kind: 'reset' });
        s.latency({ kind: 'figures', turnId: 3, figures: { voiceToVoiceMs: 812 } });
        s.latency({ kind: 'figures', turnId: 4, figures: {} });
        s.latency({ kind: 'round-trip', rt });
        s.latency({ kind: 'uplink', uplink: null });
      }),
    ).toEqual([
      ['latency', { kind: 'reset' }],
      ['latency', { kind: 'voice-to-voice', turnId: 3, ms: 812 }],
      ['latency', { kind: 'round-trip', rt }],
      ['latency', { kind: 'uplink', uplink: null }],
    ]);
  });

  it('tells the microphone’s state and the input that took over', () => {
    expect(
      told((s) => {
        s.mic({ state: null });
        s.mic({ switchedTo: 'USB headset' });
      }),
    ).toEqual([
      ['mic', { state: null }],
      ['mic', { switchedTo: 'USB headset' }],
    ]);
  });

  it('tells the session opened, its duplex, continued or not, closed, handed over; not the call’s own kinds', () => {
    const opened = {
      kind: 'opened',
      sessionId: 's1',
      resumed: false,
      providers,
      language: 'nl',
    } as const;
    expect(
      told((s) => {
        s.session(opened);
        s.session({ kind: 'call-session' });
        s.session({ kind: 'typed-session' });
        s.session({ kind: 'language', language: 'nl' });
        s.session({ kind: 'duplex', duplex: 'full' });
        s.session({ kind: 'continued' });
        s.session({ kind: 'not-continued' });
        s.session({ kind: 'closed' });
        s.session({ kind: 'handed-over', mode: 'call', muted: true });
      }),
    ).toEqual([
      ['session', opened],
      ['session', { kind: 'duplex', duplex: 'full' }],
      ['session', { kind: 'continued' }],
      ['session', { kind: 'not-continued' }],
      ['session', { kind: 'closed' }],
      ['session', { kind: 'handed-over', mode: 'call', muted: true }],
    ]);
  });
});
