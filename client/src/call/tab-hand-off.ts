import {
  HAND_OFF_VERSION,
  takeHandOff,
  writeHandOff,
  type HandOffResume,
  type HandOffStorage,
  type PageHandOff,
  type ShownTurn,
} from '@parley/shared';
import type { CallPage } from './call-deps.ts';
import type { CallSink } from './call-sink.ts';
import type { InputMode } from './controls-state.ts';

/**
 * A conversation carried across a full page load within the embedding site (`endOnPageHide:
 * false`; docs/design/call-across-pages.md): at `pagehide` the page writes a hand-off into the
 * tab's `sessionStorage` and leaves the session waiting (closed `HandedOff`); the tab's next page reads it
 * once, shows the conversation again and resumes the session. The format is shared's
 * (page-hand-off.ts); the I/O is here.
 */

/** The relay's origin, as a hand-off names it: `wss://relay.example/ws` → `https://relay.example`. */
export function relayOrigin(socketUrl: string): string {
  const url = new URL(socketUrl);
  const scheme = { 'wss:': 'https:', 'ws:': 'http:' }[url.protocol] ?? url.protocol;
  return `${scheme}//${url.host}`;
}

/** What the owner of a link says of itself as the page goes away. */
export interface Leaving {
  mode: PageHandOff['mode'];
  muted: boolean;
  inputMode: InputMode;
  /**
   * The reply being heard, cut where it is: the relay is told (it stores the reply as heard, as
   * an interruption does) and the next page plays nothing more of it.
   */
  cut: { turnId: number; playedSamples: number } | null;
}

/** A typed conversation going away: nothing of it is playing. */
export const TYPED_LEAVING: Leaving = {
  mode: 'typed',
  muted: false,
  inputMode: 'hands-free',
  cut: null,
};

/**
 * Hears the page going away — `pagehide`, but not the system hiding an installed app's page,
 * which comes back (see PageWatch) — once. A page kept for Back (`persisted`) goes too: the
 * tab's next page is a new one that wants the conversation, and WebKit keeps a page in a call
 * for Back (Safari's back/forward cache): skipping it handed nothing over there
 * (e2e/engines/widget-spec.ts). Its call or typed conversation is over as it goes (the
 * microphone let go: Chromium then keeps it for Back too). Shown again by Back, such a page is
 * the tab's next page: it takes the hand-off the page it came back from wrote, if any (see
 * PageBack), and shows the conversation ended otherwise.
 */
export class PageLeave {
  constructor(
    private readonly page: Pick<CallPage, 'window' | 'installed'>,
    private readonly leave: () => void,
  ) {
    page.window.addEventListener('pagehide', this.onHide);
  }

  stop(): void {
    this.page.window.removeEventListener('pagehide', this.onHide);
  }

  private readonly onHide = () => {
    if (this.page.installed()) return;
    this.stop();
    this.leave();
  };
}

/**
 * Writes the hand-off of a session (synchronously: `pagehide` waits for nobody). False when it
 * was not written (too large, storage refused): the session is to end as it would have.
 */
export function writeTabHandOff(
  storage: HandOffStorage,
  socketUrl: string,
  resume: Omit<HandOffResume, 'cutTurnId'>,
  shown: ShownTurn[],
  leaving: Leaving,
  nowMs: number,
): boolean {
  const { mode, muted, inputMode, cut } = leaving;
  return writeHandOff(storage, {
    v: HAND_OFF_VERSION,
    relay: relayOrigin(socketUrl),
    ...resume,
    ...(cut ? { cutTurnId: cut.turnId } : {}),
    shown: { turns: shown },
    mode,
    muted,
    inputMode,
    savedAt: nowMs,
  });
}

/**
 * The hand-off the tab's page before this one left for this relay, read once (null: none, or
 * one corrupt, foreign or expired, ignored).
 */
export function takeTabHandOff(
  storage: HandOffStorage | undefined,
  socketUrl: string,
  nowMs: number,
): PageHandOff | null {
  if (!storage) return null;
  const taken = takeHandOff(storage, relayOrigin(socketUrl), nowMs);
  return taken.kind === 'found' ? taken.handOff : null;
}

/**
 * Shows the conversation the page before this one showed, as it came: each turn's output, then
 * the user's turns the relay had not answered yet (typed words as typed, an utterance begun) —
 * the page numbers its next turn above them.
 */
export function showHandedOff(sink: Pick<CallSink, 'message' | 'transcript'>, h: PageHandOff) {
  const shown = new Set<number>();
  for (const turn of h.shown.turns) {
    shown.add(turn.turnId);
    for (const m of turn.messages) sink.message(m);
  }
  for (const item of h.uplink) {
    if (item.kind !== 'message' || shown.has(item.message.turnId)) continue;
    const m = item.message;
    if (m.type === 'user.text') sink.transcript({ turnId: m.turnId, text: m.text, final: true });
    else if (m.type === 'utterance.start')
      sink.transcript({ turnId: m.turnId, text: '', final: false });
  }
}
