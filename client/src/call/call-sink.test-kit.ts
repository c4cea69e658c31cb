import type { CallSink } from './call-sink.ts';
import type { CallState } from './call-state.ts';
import type { ControlsState } from './controls-state.ts';

/** One event a call showed: the sink's method, and what it was called with. */
export type ShownEvent = {
  [K in keyof CallSink]: { kind: K; event: Parameters<CallSink[K]>[0] };
}[keyof CallSink];

/** A sink that keeps every event, in order, for a test to read. */
export class RecordingSink implements CallSink {
  readonly events: ShownEvent[] = [];

  state(event: { phase: CallState }): void {
    this.events.push({ kind: 'state', event });
  }
  connection(event: Parameters<CallSink['connection']>[0]): void {
    this.events.push({ kind: 'connection', event });
  }
  message(event: Parameters<CallSink['message']>[0]): void {
    this.events.push({ kind: 'message', event });
  }
  transcript(event: Parameters<CallSink['transcript']>[0]): void {
    this.events.push({ kind: 'transcript', event });
  }
  turn(event: Parameters<CallSink['turn']>[0]): void {
    this.events.push({ kind: 'turn', event });
  }
  error(event: Parameters<CallSink['error']>[0]): void {
    this.events.push({ kind: 'error', event });
  }
  latency(event: Parameters<CallSink['latency']>[0]): void {
    this.events.push({ kind: 'latency', event });
  }
  level(event: Parameters<CallSink['level']>[0]): void {
    this.events.push({ kind: 'level', event });
  }
  mic(event: Parameters<CallSink['mic']>[0]): void {
    this.events.push({ kind: 'mic', event });
  }
  controls(event: Parameters<CallSink['controls']>[0]): void {
    this.events.push({ kind: 'controls', event });
  }
  session(event: Parameters<CallSink['session']>[0]): void {
    this.events.push({ kind: 'session', event });
  }

  /** The phase last shown ('idle' before any). */
  get phase(): CallState {
    let phase: CallState = 'idle';
    for (const e of this.events) if (e.kind === 'state') phase = e.event.phase;
    return phase;
  }

  /** The highest turn id shown so far (0: none). */
  get lastTurnId(): number {
    let last = 0;
    for (const e of this.events) {
      const turnId =
        e.kind === 'message' && 'turnId' in e.event
          ? e.event.turnId
          : e.kind === 'transcript' || e.kind === 'turn'
            ? e.event.turnId
            : undefined;
      if (turnId !== undefined) last = Math.max(last, turnId);
    }
    return last;
  }

  /** The controls as shown so far: each event's fields over the last. */
  get controlsShown(): Partial<ControlsState> {
    let shown: Partial<ControlsState> = {};
    for (const e of this.events) if (e.kind === 'controls') shown = { ...shown, ...e.event };
    return shown;
  }
}
