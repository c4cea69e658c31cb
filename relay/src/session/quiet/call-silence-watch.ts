import type { ServerMessage } from '@parley/shared';
import { timerDelayMs } from '../../limits/session-clock.ts';
import { relayLines } from '../../lines/relay-lines.ts';
import { checkCallSilence } from './call-silence.ts';

/** A call's quiet as a session sees it; null when it is not watched now. */
export interface CallQuietNow {
  quietSinceMs: number;
  /** When the user last said or typed something (epoch ms). */
  spokeAtMs: number;
  busy: boolean;
}

/** What the assistant says when it checks on a silent call (the notice says more), in English. */
export const STILL_THERE_LINE = relayLines('en').stillThere;

/** What the assistant says before it ends a silent call, in English. */
export const GOODBYE_LINE = relayLines('en').goodbye;

/**
 * How much longer than its audio a spoken line may take to be heard at the client (ms): the
 * page's playback buffer and its output's latency.
 */
export const PLAYBACK_MARGIN_MS = 500;

/**
 * The longest the call waits for its goodbye to be said and heard before it ends anyway (ms):
 * a client that stopped listening, or a voice that hangs, cannot hold the call open.
 */
export const GOODBYE_WAIT_MAX_MS = 10_000;

/** The call a {@link CallSilenceWatch} watches, as its session shows it. */
export interface WatchedCall {
  /**
   * Where the call's quiet stands (see `Session.quiet`); null: not a call (yet), or its user
   * turned the check-in off. Looked at again while null.
   */
  quiet(): CallQuietNow | null;
  /**
   * Says `line` in the assistant's voice, as a turn of its own (see `Session.say`): resolves
   * with when its audio ends playing at the latest (epoch ms), or null when the user spoke over
   * it.
   */
  say(line: string): Promise<number | null>;
  /** The conversation's language (BCP 47; the user's preference, the last known): the lines'. */
  language(): string | undefined;
}

/** What a {@link CallSilenceWatch} works with. */
export interface CallSilenceWatchDeps {
  /** `CALL_SILENCE_S` in ms (> 0). */
  silenceMs: number;
  call: WatchedCall;
  /** Tells the client (the check-in). */
  send(message: ServerMessage): void;
  /** Ends the call: tells the client `message` (a `call.ended`) and closes. */
  end(message: ServerMessage): void;
  /** Epoch ms. */
  now(): number;
}

/** What the user reads at the check-in: the call ends in `silenceMs` unless they answer. */
export function stillThereText(silenceMs: number, language?: string): string {
  return relayLines(language).stillThereNotice(silenceMs);
}

/** What the user reads when the call ended after silence: why, and how to start again. */
export function endedAfterSilenceText(silenceMs: number, language?: string): string {
  return relayLines(language).endedNotice(2 * silenceMs);
}

/**
 * Carries out {@link checkCallSilence} for one connection: a single timer, armed for the next
 * moment the rule could say something; the check-in is said once per stretch of quiet (shown,
 * and spoken as a turn of the assistant's), counting from when it was heard; then the goodbye is
 * said and, once heard (or after {@link GOODBYE_WAIT_MAX_MS}), the call ends — unless the user
 * spoke meanwhile.
 */
export class CallSilenceWatch {
  private timer: NodeJS.Timeout | null = null;
  private checkedInAtMs: number | null = null;
  private stopped = false;
  /** The goodbye is being said: nothing else is looked at. */
  private ending = false;

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
    if (this.stopped || this.ending) return;
    const { d } = this;
    const nowMs = d.now();
    const quiet = d.call.quiet();
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
        return void this.sayGoodbye(nowMs);
      case 'check-in': {
        this.checkedInAtMs = nowMs;
        const language = d.call.language();
        d.send({
          type: 'session.warning',
          reason: 'silence',
          remainingMs: d.silenceMs,
          message: stillThereText(d.silenceMs, language),
        });
        void d.call.say(relayLines(language).stillThere).then((heardUntilMs) => {
          // The rest of the quiet counts from when the question was heard, unless the user
          // spoke meanwhile (a new stretch begins, as after any answer).
          const spokeAtMs = d.call.quiet()?.spokeAtMs ?? nowMs;
          if (heardUntilMs !== null && this.checkedInAtMs === nowMs && spokeAtMs <= nowMs)
            this.checkedInAtMs = heardUntilMs;
          this.check();
        });
        return this.check();
      }
      case 'wait':
        if (verdict.nextCheckAtMs === null) return;
        this.timer = setTimeout(() => this.check(), timerDelayMs(verdict.nextCheckAtMs, nowMs));
        this.timer.unref();
    }
  }

  /**
   * Says the goodbye, waits until it was heard (bounded), then ends the call — or, when the
   * user spoke over it or since, watches their call again.
   */
  private async sayGoodbye(startedAtMs: number): Promise<void> {
    const { d } = this;
    this.ending = true;
    const language = d.call.language();
    const goodbye = d.call.say(relayLines(language).goodbye);
    const heardUntilMs = await this.within(goodbye, GOODBYE_WAIT_MAX_MS);
    const leftMs = GOODBYE_WAIT_MAX_MS - (d.now() - startedAtMs);
    if (heardUntilMs !== null && heardUntilMs !== undefined) {
      const playedMs = heardUntilMs + PLAYBACK_MARGIN_MS - d.now();
      await this.within(new Promise((r) => setTimeout(r, Math.max(0, playedMs))), leftMs);
    }
    if (this.stopped) return;
    const spokeAtMs = d.call.quiet()?.spokeAtMs ?? startedAtMs;
    if (heardUntilMs === null || spokeAtMs > startedAtMs) {
      // They are there after all: a new stretch of quiet begins.
      this.ending = false;
      this.checkedInAtMs = null;
      this.check();
      return;
    }
    this.stop();
    const message = endedAfterSilenceText(d.silenceMs, language);
    d.end({ type: 'call.ended', reason: 'silence', message });
  }

  /** `p`'s value, or undefined after `ms` (or at once when the watch stopped). */
  private async within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>(
      (r) => (timer = setTimeout(() => r(undefined), Math.max(0, ms))),
    );
    try {
      return await Promise.race([p, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
