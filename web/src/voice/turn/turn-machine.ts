/** Where the conversation is, as the user experiences it. */
export type TurnPhase = 'listening' | 'user-speaking' | 'thinking' | 'speaking';

/** What the turn-taker must do after an event, in order. */
export type TurnEffect =
  /** Hand the VAD event to the utterance gate (start, end or cancel an utterance). */
  | { type: 'forward' }
  /** Duck the reply at once (a possible interruption): ramp down, keep what is queued. */
  | { type: 'pause-playback' }
  /** It was not speech after all: carry on with the reply. */
  | { type: 'resume-playback' }
  /** The user really speaks over the reply: stop it, drop the rest, tell the relay what was heard. */
  | { type: 'barge-in'; turnId: number }
  /** The user speaks before the reply started playing: the relay stops producing it. */
  | { type: 'cancel-reply'; turnId: number };

export interface TurnMachineOptions {
  /** Full duplex: the user can interrupt. Half: the mic is ignored while the reply plays. */
  duplex: 'full' | 'half';
  /** After a speech start over the reply, how long to wait for real speech before resuming (ms). */
  misfireWindowMs: number;
  /** After a loud onset over the reply, how long the VAD has to call it speech (ms). Default 150. */
  onsetWindowMs?: number;
}

/**
 * The client's turn-taking rules, pure: VAD events, reply audio and time in; effects out. While
 * the reply plays, a speech start ducks it at once; real speech (the VAD's speech-real-start,
 * i.e. a minimum duration) interrupts it; a misfire — or no real speech within the window —
 * resumes it, so a cough never costs the user their answer. In half duplex the reply's own
 * sound must not start a turn, so speech during playback is ignored.
 */
export class TurnMachine {
  phase: TurnPhase = 'listening';
  private readonly o: TurnMachineOptions;
  /** The reply being played or awaited (the turn the user last finished). */
  private replyTurn: number | null = null;
  private playing = false;
  /** The relay finished `replyTurn` (all its audio has arrived). */
  private replyFinished = false;
  /** The last reply whose audio started playing (some of it may have been heard). */
  private heardTurn: number | null = null;
  /**
   * A possible interruption of the reply, awaiting confirmation: a loud onset waits for the
   * VAD's speech start (`byVad` false), a speech start waits for real speech (`byVad` true).
   */
  private pending: { since: number; byVad: boolean } | null = null;
  /** The current VAD segment is ignored (half duplex, over the reply). */
  private ignoring = false;

  constructor(options: TurnMachineOptions) {
    this.o = options;
  }

  /** The segment under way is speech over the reply (ducked, or ignored in half duplex). */
  get overReply(): boolean {
    return this.pending !== null || this.ignoring;
  }

  /** Switches duplex (after the echo check). */
  setDuplex(duplex: TurnMachineOptions['duplex']): void {
    this.o.duplex = duplex;
  }

  get duplex(): TurnMachineOptions['duplex'] {
    return this.o.duplex;
  }

  /**
   * Loud sound started in the mic (a block's energy, before the VAD can say): while the reply
   * plays in full duplex, duck it at once.
   */
  energyOnset(nowMs: number): TurnEffect[] {
    if (!this.playing || this.o.duplex === 'half' || this.pending !== null) return [];
    this.pending = { since: nowMs, byVad: false };
    return [{ type: 'pause-playback' }];
  }

  speechStart(nowMs: number): TurnEffect[] {
    if (this.pending !== null) {
      // Already ducked by the onset: now the VAD's window for real speech runs.
      this.pending = { since: nowMs, byVad: true };
      this.phase = 'user-speaking';
      return [{ type: 'forward' }];
    }
    if (this.playing) {
      if (this.o.duplex === 'half') {
        this.ignoring = true;
        return [];
      }
      this.pending = { since: nowMs, byVad: true };
      this.phase = 'user-speaking';
      return [{ type: 'pause-playback' }, { type: 'forward' }];
    }
    this.ignoring = false;
    this.phase = 'user-speaking';
    return [{ type: 'forward' }];
  }

  speechRealStart(): TurnEffect[] {
    if (this.ignoring) return [];
    const turnId = this.replyTurn;
    if (this.pending !== null || (this.playing && this.o.duplex === 'full')) {
      this.pending = null;
      this.playing = false;
      this.replyTurn = null;
      return turnId === null ? [] : [{ type: 'barge-in', turnId }];
    }
    if (turnId !== null && !this.playing) {
      // Still thinking about the last question: the new one replaces it.
      this.replyTurn = null;
      return [{ type: 'cancel-reply', turnId }];
    }
    return [];
  }

  misfire(): TurnEffect[] {
    if (this.ignoring) {
      this.ignoring = false;
      return [];
    }
    if (this.pending !== null) {
      this.pending = null;
      this.phase = 'speaking';
      return [{ type: 'forward' }, { type: 'resume-playback' }];
    }
    this.phase = this.replyTurn === null ? 'listening' : 'thinking';
    return [{ type: 'forward' }];
  }

  /** The user finished an utterance that will be answered as `turnId`. */
  speechEnd(turnId: number | null): TurnEffect[] {
    this.replyFinished = false;
    if (this.ignoring) {
      this.ignoring = false;
      return [];
    }
    if (this.pending !== null) {
      // Short but real: it ended before the VAD confirmed it. Still an interruption.
      const effects: TurnEffect[] =
        this.replyTurn === null ? [] : [{ type: 'barge-in', turnId: this.replyTurn }];
      this.pending = null;
      this.playing = false;
      this.replyTurn = turnId;
      this.phase = 'thinking';
      return [...effects, { type: 'forward' }];
    }
    this.replyTurn = turnId;
    this.phase = 'thinking';
    return [{ type: 'forward' }];
  }

  /**
   * The microphone stopped (its track ended or was muted, its device went away): no more VAD
   * events will come for the segment in progress. Speech the VAD had confirmed ends here, as
   * if the user had stopped (`turnId` is its utterance's turn); anything unconfirmed is dropped
   * like a misfire, so a ducked reply resumes: losing the mic never costs the user their answer.
   * There is no VAD event to forward: the caller ends or drops the utterance itself.
   */
  micLost(turnId: number | null, confirmed: boolean): TurnEffect[] {
    let effects: TurnEffect[] = [];
    if (confirmed && turnId !== null) effects = this.speechEnd(turnId);
    else if (this.ignoring) this.ignoring = false;
    else if (this.pending !== null || this.phase === 'user-speaking') effects = this.misfire();
    return effects.filter((e) => e.type !== 'forward');
  }

  /**
   * The user asked to stop the reply (a tap on the talk control, Esc), in half and full duplex
   * alike: a reply that has started playing is cut where it is (a barge-in: the relay keeps what
   * was heard), one not heard yet is cancelled. Nothing to stop: nothing happens.
   */
  interrupt(): TurnEffect[] {
    const turnId = this.replyTurn;
    if (turnId === null) return [];
    const heard = this.heardTurn === turnId;
    this.pending = null;
    this.playing = false;
    this.replyTurn = null;
    if (this.phase === 'speaking' || this.phase === 'thinking') this.phase = 'listening';
    return [{ type: heard ? 'barge-in' : 'cancel-reply', turnId }];
  }

  /**
   * Push-to-talk pressed: the user takes the turn, so a reply playing or coming is stopped
   * (see {@link interrupt}); a segment ignored over the reply is forgotten.
   */
  press(): TurnEffect[] {
    const effects = this.interrupt();
    this.ignoring = false;
    this.phase = 'user-speaking';
    return effects;
  }

  /** Push-to-talk released: `turnId` will be answered (null: the press was dropped, a tap). */
  release(turnId: number | null): TurnEffect[] {
    this.replyTurn = turnId;
    this.replyFinished = false;
    this.phase = turnId === null ? 'listening' : 'thinking';
    return [];
  }

  /** Time passes: a speech start over the reply that never became speech resumes it. */
  tick(nowMs: number): TurnEffect[] {
    const window =
      this.pending?.byVad === false ? (this.o.onsetWindowMs ?? 150) : this.o.misfireWindowMs;
    if (this.pending !== null && nowMs - this.pending.since >= window) {
      this.pending = null;
      this.phase = 'speaking';
      return [{ type: 'resume-playback' }];
    }
    return [];
  }

  /** Reply audio for `turnId` started playing. */
  replyStarted(turnId: number): void {
    if (this.replyTurn !== null && turnId !== this.replyTurn) return;
    if (this.replyTurn !== turnId) this.replyFinished = false;
    this.replyTurn = turnId;
    this.playing = true;
    this.heardTurn = turnId;
    if (this.phase !== 'user-speaking') this.phase = 'speaking';
  }

  /**
   * Everything queued has played. A reply that ran out while ducked is un-ducked (nothing is
   * left to hear): otherwise the player would stay paused, and the next reply with it.
   */
  drained(): TurnEffect[] {
    const ducked = this.pending !== null;
    this.playing = false;
    this.pending = null;
    // Heard to the end: nothing left to interrupt or cancel. (A drain before the turn is done is
    // just the network or TTS running behind: the reply is still coming.)
    if (this.replyFinished) this.replyTurn = null;
    if (this.phase === 'speaking') this.phase = 'listening';
    return ducked ? [{ type: 'resume-playback' }] : [];
  }

  /** The relay finished the turn (with or without audio). */
  turnDone(turnId: number, hadAudio: boolean): void {
    if (turnId !== this.replyTurn) return;
    this.replyFinished = true;
    if (!hadAudio || !this.playing) {
      this.replyTurn = null;
      if (this.phase === 'thinking') this.phase = 'listening';
    }
  }
}
