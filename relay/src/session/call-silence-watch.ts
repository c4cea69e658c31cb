import type { ServerMessage } from '@parley/shared';
import { formatDuration } from '../limits/limit-errors.ts';
import { timerDelayMs } from '../limits/session-clock.ts';
import { checkCallSilence } from './call-silence.ts';

/** A call's quiet as a session sees it; null when it is not watched now. */
export interface CallQuietNow {
  quietSinceMs: number;
  busy: boolean;
}

/** What a {@link CallSilenceWatch} works with. */
export interface CallSilenceWatchDeps {
  /** `CALL_SILENCE_S` in ms (> 0). */
  silenceMs: number;
  /**
   * Where the call's quiet stands (see `Session.quiet`); null: not a call (yet), or its user
   * turned the check-in off. Looked at again while null.
   */
  quiet(): CallQuietNow | null;
  /** Tells the client (the check-in). */
  send(message: ServerMessage): void;
  /** Ends the call: tells the client `message` (a `call.ended`) and closes. */
  end(message: ServerMessage): void;
  /** Epoch ms. */
  now(): number;
}

/** What the user reads at the check-in: the call ends in `silenceMs` unless they answer. */
export function stillThereText(silenceMs: number): string {
  return `Are you still there? Say something or type to go on; otherwise the call ends in ${formatDuration(silenceMs)}.`;
}

/** What the user reads when the call ended after silence: why, and how to start again. */
export function endedAfterSilenceText(silenceMs: number): string {
  return `Goodbye for now: the call was silent for ${formatDuration(2 * silenceMs)}, so it ended and the microphone was turned off. Press Talk to start a new call, or type to go on.`;
}

/**
 * Carries out {@link checkCallSilence} for one connection: a single timer, armed for the next
 * moment the rule could say something; the check-in is said once per stretch of quiet, then the
 * call ends.
 */
export class CallSilenceWatch {
  private timer: NodeJS.Timeout | null = null;
  private checkedInAtMs: number | null = null;
  private stopped = false;

  constructor(private readonly d: CallSilenceWatchDeps) {}

  /** Starts watching (at once: a resumed call may have been silent already). */
  start(): void {
    this.check();
  }

  /** Stops for good (the connection closed). */
  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private check(): void {
    this.clear();
    if (this.stopped) return;
    const { d } = this;
    const nowMs = d.now();
    const quiet = d.quiet();
    const verdict = checkCallSilence(
      {
        quietSinceMs: quiet?.quietSinceMs ?? nowMs,
        // Not watched now: looked at again as if someone spoke.
        busy: quiet === null || quiet.busy,
        checkedInAtMs: this.checkedInAtMs,
        nowMs,
      },
      d.silenceMs,
    );
    switch (verdict.kind) {
      case 'end':
        this.stop();
        d.end({
          type: 'call.ended',
          reason: 'silence',
          message: endedAfterSilenceText(d.silenceMs),
        });
        return;
      case 'check-in':
        this.checkedInAtMs = nowMs;
        d.send({
          type: 'session.warning',
          reason: 'silence',
          remainingMs: d.silenceMs,
          message: stillThereText(d.silenceMs),
        });
        return this.check();
      case 'wait':
        if (verdict.nextCheckAtMs === null) return;
        this.timer = setTimeout(() => this.check(), timerDelayMs(verdict.nextCheckAtMs, nowMs));
        this.timer.unref();
    }
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
