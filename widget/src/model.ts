import { SITE_NOT_ALLOWED_MESSAGE } from '@parley/shared/site-refusal';
import type {
  CallPhase,
  StartFailure,
  WidgetCallEventName,
  WidgetCallEvents,
} from './call/call-port.ts';

/** What the panel tells the user went wrong (the words are the view's). */
export type Problem =
  /** The relay does not serve this site (its 403 `siteNotAllowedError`). */
  | { kind: 'not-allowed' }
  /** A call could not start, or ended, for another reason. */
  | { kind: 'failure'; failure: Exclude<StartFailure, { kind: 'refused' }> }
  /** The relay's own words: a refusal other than the site's, or a turn's error. */
  | { kind: 'relay'; text: string }
  /** The call's code did not load (the network, or a relay without it). */
  | { kind: 'load-failed' }
  /** The element has no relay to talk to (no `relay`, and the loader's URL unknown). */
  | { kind: 'no-relay' }
  /** A typed message the call did not take. */
  | { kind: 'not-sent' }
  /** A bug, or a browser that cannot run the call. */
  | { kind: 'unexpected' };

/** The widget's state: what the element draws (see view.ts) and nothing else. */
export interface WidgetModel {
  /** The panel is open. */
  open: boolean;
  /** No call; its code loading at the first Talk; or a call between start and its end. */
  call: 'none' | 'loading' | 'on';
  phase: CallPhase;
  muted: boolean;
  reconnecting: boolean;
  /** The user's latest turn: its words so far, and its id (null: none yet). */
  heard: string;
  heardTurn: number | null;
  /** The reply to it, so far. */
  reply: string;
  replyTurn: number | null;
  problem: Problem | null;
  /** The tab's page before this one was in a call: it goes on at the user's tap. */
  goOn: boolean;
}

export const INITIAL_MODEL: WidgetModel = {
  open: false,
  call: 'none',
  phase: 'idle',
  muted: false,
  reconnecting: false,
  heard: '',
  heardTurn: null,
  reply: '',
  replyTurn: null,
  problem: null,
  goOn: false,
};

/** One event of the call, as a tagged value. */
export type CallEvent = {
  [K in WidgetCallEventName]: { name: K; payload: WidgetCallEvents[K] };
}[WidgetCallEventName];

/** What happens to the widget: the user's acts, the call's answers, and the call's events. */
export type WidgetInput =
  | { type: 'open' }
  | { type: 'close' }
  /** Talk pressed: the call's code is fetched (the first time) and the call started. */
  | { type: 'talk' }
  /** The call's code is there and `start()` was called. */
  | { type: 'starting' }
  | { type: 'start-failed' }
  | { type: 'end' }
  | { type: 'mute'; muted: boolean }
  | { type: 'load-failed' }
  | { type: 'no-relay' }
  | { type: 'typed' }
  | { type: 'not-sent' }
  /** The ticket exchange refused for good (the site not listed, a sign-in needed). */
  | { type: 'ticket-failed'; failure: StartFailure }
  /**
   * The tab's page before this one handed its conversation over (shown again by the call's
   * events): the panel opens; `goOn`: its call waits for the user's tap.
   */
  | { type: 'handed-over'; goOn: boolean }
  | { type: 'call'; event: CallEvent };

/** What a failed or ended call means for the panel: the site refused, or another failure. */
export function problemOf(failure: StartFailure): Problem {
  if (failure.kind !== 'refused') return { kind: 'failure', failure };
  return failure.text === SITE_NOT_ALLOWED_MESSAGE
    ? { kind: 'not-allowed' }
    : { kind: 'relay', text: failure.text };
}

/**
 * A ticket exchange's failure that asking again cannot change (the site not listed, a sign-in
 * needed): the panel shows it at once.
 */
export function refusedForGood(failure: StartFailure): boolean {
  return problemOf(failure).kind === 'not-allowed' || failure.kind === 'needs-token';
}

/** The model after `input` (pure). */
export function step(m: WidgetModel, input: WidgetInput): WidgetModel {
  switch (input.type) {
    case 'open':
      return { ...m, open: true };
    case 'close':
      return {
        ...m,
        open: false,
        call: 'none',
        phase: 'idle',
        muted: false,
        reconnecting: false,
        goOn: false,
      };
    case 'talk':
      return { ...m, open: true, call: 'loading', problem: null, goOn: false };
    case 'starting':
      return { ...m, call: 'on' };
    case 'start-failed':
      return { ...m, call: 'none', phase: 'idle', problem: m.problem ?? { kind: 'unexpected' } };
    case 'end':
      return { ...m, call: 'none', phase: 'idle', muted: false, reconnecting: false, goOn: false };
    case 'mute':
      return { ...m, muted: input.muted };
    case 'load-failed':
      return { ...m, call: 'none', problem: { kind: 'load-failed' } };
    case 'no-relay':
      return { ...m, open: true, call: 'none', problem: { kind: 'no-relay' } };
    case 'typed':
      return { ...m, problem: null };
    case 'not-sent':
      return { ...m, problem: { kind: 'not-sent' } };
    case 'ticket-failed':
      return ended(m, input.failure);
    case 'handed-over':
      return { ...m, open: true, goOn: input.goOn };
    case 'call':
      return onCallEvent(m, input.event);
  }
}

/** The call is over (or never started), for `failure`. */
function ended(m: WidgetModel, failure: StartFailure): WidgetModel {
  return { ...m, call: 'none', phase: 'idle', muted: false, problem: problemOf(failure) };
}

/** A user turn's words: a new turn clears the reply shown for the last one. */
function heardWords(m: WidgetModel, turnId: number, text: string): WidgetModel {
  if (turnId === m.heardTurn) return { ...m, heard: text };
  return { ...m, heard: text, heardTurn: turnId, reply: '', replyTurn: null };
}

function onCallEvent(m: WidgetModel, e: CallEvent): WidgetModel {
  switch (e.name) {
    case 'state': {
      const { phase } = e.payload;
      // Idle after a call was on: it ended (the relay closed it, or it gave up).
      const call = phase === 'idle' && m.call === 'on' ? 'none' : m.call;
      return { ...m, phase, call, muted: call === 'none' ? false : m.muted };
    }
    case 'connection':
      return { ...m, reconnecting: e.payload.status === 'reconnecting' };
    case 'partial':
      return heardWords(m, e.payload.turnId, e.payload.text);
    case 'transcript':
      return heardWords(m, e.payload.turnId, e.payload.text);
    case 'reply':
      return onReply(m, e.payload);
    case 'error':
      return onError(m, e.payload);
    case 'session':
      // A conversation handed over is told next as the page before left it (a page shown
      // again by Back had its own shown: replaced, not added to). The rest of it is the
      // element's to act on (see its `handed-over` input).
      if (e.payload.kind !== 'handed-over') return m;
      return { ...m, heard: '', heardTurn: null, reply: '', replyTurn: null, problem: null };
    case 'level':
      // Drawn straight onto the page (20 Hz and more).
      return m;
  }
}

function onReply(m: WidgetModel, r: WidgetCallEvents['reply']): WidgetModel {
  const base = r.turnId === m.replyTurn ? m : { ...m, reply: '', replyTurn: r.turnId };
  switch (r.kind) {
    case 'delta':
      return { ...base, reply: base.reply + r.text };
    case 'truncated':
      return { ...base, reply: r.heard };
    case 'done':
      return { ...base, reply: r.text || base.reply };
  }
}

function onError(m: WidgetModel, err: WidgetCallEvents['error']): WidgetModel {
  switch (err.kind) {
    case 'start':
    case 'ended':
      return ended(m, err.failure);
    case 'relay':
      return { ...m, problem: { kind: 'relay', text: err.message } };
    case 'unexpected':
      return { ...m, problem: { kind: 'unexpected' } };
  }
}
