import {
  CHUNK_MS,
  ConnectError,
  HandOffConnection,
  type AudioFrame,
  type HandOffStorage,
  type OfflineState,
  type PageHandOff,
  type ReadyMessage,
  type ServerMessage,
  wireLanguageTag,
} from '@parley/shared';
import { codecPlan, type CodecPlan } from '../audio/opus/codec-plan.ts';
import { ReplyDecoders } from '../audio/opus/reply-decoders.ts';
import type { CallDeps } from './call-deps.ts';
import type { UplinkState } from './call-state.ts';
import { showConnectionState } from './call-events.ts';
import type { LinkSound } from './link-sound.ts';
import type { PageBack } from './page-back.ts';
import { chimeOnly, ReminderBell } from './reminder-bell.ts';
import { ShownTurns } from './shown-turns.ts';
import { PageLeave, TYPED_LEAVING, writeTabHandOff, type Leaving } from './tab-hand-off.ts';
import { earconSound, ToolEarcon } from './tool-earcon.ts';

/** Who the link's messages go to: the call, or the typed conversation when there is no call. */
export interface LinkListener {
  onMessage(m: ServerMessage): void;
  onAudio(frame: AudioFrame): void;
  /** The connection ended for good (the relay refused, or it gave up reconnecting). */
  onEnded(state: OfflineState): void;
  /** The connection is up (`live`: the session is attached) or down (reconnecting). */
  onLinkState?(live: boolean): void;
  /**
   * The page is going away and hands the session to its next page: what the owner was doing
   * (none: a typed conversation, nothing playing). Synchronous.
   */
  leaving?(): Leaving;
  /**
   * The page went and the session with it (handed to the tab's next page, or ended where the
   * hand-off could not be written): the link is done, and so is its owner. Synchronous.
   */
  left?(): void;
}

/**
 * What a link uses: where it shows itself, what it reads of the page's conversation, the
 * relay, the page, the codec switches, and how its own sounds are heard.
 */
export type LinkDeps = Pick<
  CallDeps,
  | 'sink'
  | 'view'
  | 'relay'
  | 'page'
  | 'switches'
  | 'reminders'
  | 'client'
  | 'endOnPageHide'
  | 'language'
> & {
  sound: LinkSound;
  /** Told when the page's conversation goes with the page, for a page Back shows again. */
  back: Pick<PageBack, 'conversationLeft'>;
};

/**
 * One conversation's connection to the relay, shared by its owners in turn: a typed
 * conversation opens it, a call takes it over (the same session: history, cost, turn
 * numbering), and hands it back when the microphone cannot be opened. It continues a past
 * conversation when the page says so, shows its state, and shows what it keeps for
 * the relay while the connection is away. It offers Opus where the browser can use it, and
 * hands its owner reply audio as PCM16 whatever came: Opus is decoded here, each turn's output
 * kept in order behind its audio still decoding. While a tool of a turn works long and the user
 * chose a sound rather than a spoken line, it plays the earcon until the reply speaks.
 *
 * With `endOnPageHide: false` a page going away hands the session to the tab's next page
 * (tab-hand-off.ts) rather than ending it; a link opened from such a hand-off resumes it.
 */
export class RelayLink {
  readonly connection: HandOffConnection;
  /** What was offered, and how replies are decoded. */
  readonly codecs: CodecPlan;
  private listener: LinkListener;
  private readonly uplinkTimer: ReturnType<typeof setInterval>;
  private decoders: ReplyDecoders | null = null;
  /** Rings the user's due reminders, whoever owns the link (a typed conversation or a call). */
  private readonly bell: ReminderBell;
  /** Plays while a tool works, whoever owns the link (`tool.progress` with `earcon`). */
  private readonly earcon: ToolEarcon;
  /** The connection is shown reconnecting (an attempt's `connecting` does not undo that). */
  private reconnecting = false;
  /** What the link last showed of what it keeps for the relay (null: nothing). */
  private uplink: UplinkState | null = null;
  /** The conversation as shown, for the tab's next page. */
  private readonly shown: ShownTurns;
  /** Hands the session to the tab's next page when this one goes (null: the page ends it). */
  private readonly pageLeave: PageLeave | null;

  private constructor(
    private readonly d: LinkDeps,
    listener: LinkListener,
    from: { continuing: string | null; handOff: PageHandOff | null },
    codecs: CodecPlan,
  ) {
    this.listener = listener;
    this.codecs = codecs;
    const { sink } = d;
    const { continuing, handOff } = from;
    this.shown = new ShownTurns(handOff?.shown.turns);
    this.connection = new HandOffConnection({
      url: d.relay.socketUrl(),
      getTicket: (signal) => d.relay.ticket(signal),
      hello: {
        client: d.client ?? { name: 'parley-web', version: '0.1.0' },
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        codecs: codecs.offer,
        ...pageLanguage(d.language),
        ...(continuing === null ? {} : { continue: { sessionId: continuing } }),
      },
      resumeFrom: handOff ?? undefined,
      openSocket: (url) => d.relay.openSocket(url),
      visible: () => d.page.document.visibilityState === 'visible',
      events: {
        onReady: (ready) => this.onReady(ready),
        onMessage: (m) => this.onMessage(m),
        onAudio: (f) => this.decoders?.frame(f),
        onState: (state) => {
          if (state.kind === 'connected') d.relay.reached();
          this.listener.onLinkState?.(state.kind === 'connected');
          this.showKept();
          const ends = showConnectionState(sink, d.page.online(), state, this.reconnecting);
          if (state.kind !== 'connecting') this.reconnecting = state.kind === 'reconnecting';
          if (ends && state.kind === 'offline') {
            // No session to hand to the next page.
            this.pageLeave?.stop();
            clearInterval(this.uplinkTimer);
            this.showUplink(null);
            this.listener.onEnded(state);
          }
        },
        onRoundTrip: (rt) => sink.latency({ kind: 'round-trip', rt }),
      },
    });
    const { reminders } = d;
    this.bell = new ReminderBell(
      {
        ring: reminders ? (reminder) => reminders.ring(reminder) : chimeOnly(d.sound),
        rang: (id) => this.connection.send({ type: 'reminder.rang', id }),
        failed: (err) => sink.error({ kind: 'unexpected', what: 'reminder-ring', cause: err }),
      },
      d.reminders?.rung,
    );
    this.earcon = new ToolEarcon({
      open: earconSound(d.sound),
      setInterval: (run, ms) => setInterval(run, ms),
      clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
      now: () => Date.now(),
    });
    // What is kept changes as the user speaks while the relay is away.
    this.uplinkTimer = setInterval(() => this.showKept(), 500);
    const storage = d.page.sessionStorage;
    this.pageLeave =
      d.endOnPageHide === false && storage
        ? new PageLeave(d.page, () => this.handOff(storage))
        : null;
  }

  /**
   * Opens a connection (resuming the session the tab's page before this one handed over, else
   * continuing the past conversation the page names, if any) and resolves once the relay
   * accepted the session; rejects as `ResilientConnection.start` does.
   */
  static async open(
    d: LinkDeps,
    listener: LinkListener,
    handOff: PageHandOff | null = null,
  ): Promise<{ link: RelayLink; ready: ReadyMessage }> {
    const continuing = handOff ? null : d.view.continuing();
    const from = { continuing: continuing?.sessionId ?? null, handOff };
    const link = new RelayLink(d, listener, from, codecPlan(d.switches));
    try {
      const ready = await link.connection.start();
      // The conversation is this session now: a later connection starts anew.
      if (continuing) d.sink.session({ kind: 'continued' });
      return { link, ready };
    } catch (err) {
      link.close();
      // Refused for good (deleted, not the user's): a retry would not help.
      if (continuing && err instanceof ConnectError && err.state.loss === 'fatal')
        d.sink.session({ kind: 'not-continued' });
      throw err;
    }
  }

  /** Its messages go to `listener` from now on. */
  listen(listener: LinkListener): void {
    this.listener = listener;
  }

  /** Try to reconnect now instead of at the next scheduled attempt. */
  retryNow(): void {
    this.connection.reconnectNow();
  }

  /** The user took the floor (spoke, interrupted): the earcon of a tool at work stops. */
  quietTools(): void {
    this.earcon.stop();
  }

  /** Ends the conversation: the relay closes the session. */
  close(): void {
    this.pageLeave?.stop();
    this.earcon.stop();
    clearInterval(this.uplinkTimer);
    this.showUplink(null);
    this.d.sink.session({ kind: 'closed' });
    this.connection.close();
    this.decoders?.dispose();
  }

  /**
   * The session and the providers the relay names are shown on every `ready` (a resume's too:
   * the chains may have changed meanwhile); reply audio is decoded at the session's rate (the
   * same on every resume).
   */
  private onReady(ready: ReadyMessage): void {
    this.d.sink.session({
      kind: 'opened',
      sessionId: ready.sessionId,
      resumed: ready.resumed,
      providers: ready.providers,
      language: ready.language ?? null,
    });
    this.decoders ??= new ReplyDecoders({
      rateHz: ready.outputSampleRateHz,
      kind: this.codecs.decoder,
      ahead: ready.codecs?.down === 'opus',
      deliver: (frame) => {
        this.earcon.replyAudio(frame.turnId);
        this.listener.onAudio(frame);
      },
    });
  }

  /**
   * The page goes away for good: the reply being heard is cut where it is, the session handed to
   * the tab's next page (`storage`), and the socket closed saying so (`HandedOff`: the relay
   * keeps the session for the next page's resume). A hand-off that cannot be written ends the
   * session, as a page going away does without one.
   */
  private handOff(storage: HandOffStorage): void {
    const leaving = this.listener.leaving?.() ?? TYPED_LEAVING;
    const c = this.connection;
    if (leaving.cut) c.send({ type: 'interrupt', ...leaving.cut });
    const resume = c.handOff();
    const url = this.d.relay.socketUrl();
    const shown = this.shown.shown();
    const written =
      resume !== null && writeTabHandOff(storage, url, resume, shown, leaving, Date.now());
    this.earcon.stop();
    clearInterval(this.uplinkTimer);
    if (written) c.leave();
    else c.close();
    this.decoders?.dispose();
    this.showUplink(null);
    this.d.back.conversationLeft();
    this.listener.left?.();
  }

  /** A turn's output waits for its audio still decoding; its end lets the decoder go. */
  private onMessage(m: ServerMessage): void {
    this.shown.message(m);
    if (m.type === 'error') this.d.sink.error({ kind: 'relay', error: m });
    if (m.type === 'reminder.due') this.bell.due(m.reminder);
    const decoders = this.decoders;
    if (!decoders || !('turnId' in m) || m.turnId === undefined) {
      this.listener.onMessage(m);
      return;
    }
    const { turnId } = m;
    decoders.after(turnId, () => {
      this.hearTools(m);
      this.listener.onMessage(m);
    });
    if (m.type === 'turn.done') decoders.endTurn(turnId);
  }

  /** What the earcon hears of a turn: a tool at work, or the turn's end. */
  private hearTools(m: ServerMessage): void {
    if (m.type === 'tool.progress') this.earcon.progress(m);
    else if (m.type === 'turn.done' || m.type === 'reply.truncated')
      this.earcon.turnEnded(m.turnId);
  }

  /** What the connection keeps for the relay, shown when it changed. */
  private showKept(): void {
    const c = this.connection;
    const next = {
      keptMs: c.unackedChunks * CHUNK_MS,
      capacityMs: c.replayCapacityChunks * CHUNK_MS,
      lostMs: c.lostChunks * CHUNK_MS,
      typed: c.unansweredTyped,
    };
    const now = this.uplink;
    if (
      now?.keptMs !== next.keptMs ||
      now.lostMs !== next.lostMs ||
      now.typed !== next.typed ||
      now.capacityMs !== next.capacityMs
    )
      this.showUplink(next);
  }

  private showUplink(uplink: UplinkState | null): void {
    this.uplink = uplink;
    this.d.sink.latency({ kind: 'uplink', uplink });
  }
}

/**
 * `hello.language`: the page's language, which a user who saved no preferences gets as theirs;
 * none when the page names none, or names it in no form the wire takes (the call starts anyway).
 */
function pageLanguage(language: string | undefined): { language?: string } {
  const tag = language === undefined ? null : wireLanguageTag(language);
  return tag === null ? {} : { language: tag };
}
