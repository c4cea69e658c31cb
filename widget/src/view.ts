import type { WidgetModel, Problem } from './model.ts';
import type { Wording } from './wording.ts';

/** What the element shows for a model (pure: the element copies it onto its shadow DOM). */
export interface WidgetView {
  /** The talk button at the page's edge: its name, and whether the panel it controls is open. */
  launcher: { label: string; expanded: boolean };
  /** One line: where the call is. */
  status: string;
  /** The panel's main button: start a call, or end the one that is on. */
  callButton: { label: string; action: 'start' | 'end'; busy: boolean };
  /** Mute, while a call is on (a toggle: its name stays, `pressed` says its state). */
  mute: { shown: boolean; pressed: boolean };
  /** Interrupt, while the assistant speaks. */
  interrupt: { shown: boolean };
  /** The user's words (live, then final) and the reply; the greeting before either. */
  heard: string;
  reply: string;
  greeting: string | null;
  /** What went wrong and what to do, or null. */
  problem: string | null;
}

/** The words of a problem (the relay's own words where it gave them). */
export function problemText(problem: Problem, w: Wording): string {
  switch (problem.kind) {
    case 'not-allowed':
      return w.problem.notAllowed;
    case 'relay':
      return problem.text;
    case 'load-failed':
      return w.problem.loadFailed;
    case 'no-relay':
      return w.problem.noRelay;
    case 'not-sent':
      return w.problem.notSent;
    case 'unexpected':
      return w.problem.unexpected;
    case 'failure': {
      const f = problem.failure;
      switch (f.kind) {
        case 'unreachable':
          return w.problem.unreachable;
        case 'needs-token':
          return w.problem.needsToken;
        case 'gave-up':
          return w.problem.gaveUp;
        case 'not-started':
          return w.problem.notStarted;
        case 'insecure':
          return w.problem.insecure;
        case 'vad-failed':
          return w.problem.vadFailed;
        case 'mic':
          return f.failure === 'denied'
            ? w.problem.micDenied
            : f.failure === 'missing'
              ? w.problem.micMissing
              : w.problem.micBusy;
      }
    }
  }
}

/** The status line: loading, the call's phase, muted or reconnecting over it. */
export function statusText(m: WidgetModel, w: Wording): string {
  if (m.call === 'loading') return w.status.loading;
  if (m.call === 'none') return m.goOn ? w.status.goOn : w.status.idle;
  if (m.reconnecting) return w.status.reconnecting;
  if (m.muted) return w.status.muted;
  switch (m.phase) {
    case 'idle':
    case 'starting':
      return w.status.starting;
    case 'listening':
      return w.status.listening;
    case 'user-speaking':
      return w.status.userSpeaking;
    case 'thinking':
      return w.status.thinking;
    case 'speaking':
      return w.status.speaking;
  }
}

/** The view of `m` in words `w`; `greeting` is the page's (null: the widget's own). */
export function viewOf(m: WidgetModel, w: Wording, greeting: string | null): WidgetView {
  const on = m.call !== 'none';
  return {
    launcher: { label: m.open ? w.launcherClose : w.launcher, expanded: m.open },
    status: statusText(m, w),
    callButton: on
      ? { label: w.end, action: 'end', busy: m.call === 'loading' }
      : { label: m.goOn ? w.goOn : w.talk, action: 'start', busy: false },
    mute: { shown: m.call === 'on', pressed: m.muted },
    interrupt: { shown: m.call === 'on' && m.phase === 'speaking' },
    heard: m.heard,
    reply: m.reply,
    greeting: m.heard === '' && m.reply === '' ? (greeting ?? w.greeting) : null,
    problem: m.problem === null ? null : problemText(m.problem, w),
  };
}
