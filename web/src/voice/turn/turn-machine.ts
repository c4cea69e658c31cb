import { SoundOverReply } from './sound-over-reply.ts';
import type { BargeInRule } from '@parley/shared';
import {
  HOLD_END_MS,
  judged,
  type TurnEffect,
  type TurnMachineOptions,
  type TurnPhase,
} from './turn-effects.ts';

export type { TurnEffect, TurnMachineOptions, TurnPhase } from './turn-effects.ts';

/**
 * The client's turn-taking rules, pure: VAD events, reply audio, words heard and time in;
 * effects out. While the reply plays, a loud onset or a speech start ducks it at once. Then, by
 * default, the words decide (judgeBargeIn): a backchannel or a wordless sound gives the reply
 * back at full level where it ducked, and its utterance is dropped; "wait", "no" or a question
 * stops it. Under `any-sound`, real speech (the VAD's speech-real-start, a minimum duration)
 * stops it and a misfire — or no real speech within the window — resumes it. Either way a
 * cough never costs the user their answer. In half duplex the reply's own sound must not start
 * a turn, so speech during playback is ignored.
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
  /** The sound over the reply being judged by its words (`words` rule only). */
  private sound: SoundOverReply | null = null;
  /**
   * The sound's segment ended before its words came: its end is held (see HOLD_END_MS), and
   * longer while its words do not reach its end (`behind`: they did not, last judged).
   */
  private held: { turnId: number | null; sinceMs: number; behind?: boolean } | null = null;
  /** The recogniser says which audio its words cover (it has, in this call): see heard(). */
  coverageTold = false;
  /** The connection to the relay is down: no words can come (see {@link link}). */
  private linkDown = false;

  constructor(options: TurnMachineOptions) {
    this.o = options;
  }

  /** The segment under way is speech over the reply (ducked, or ignored in half duplex). */
  get overReply(): boolean {
    return this.pending !== null || this.ignoring || this.sound !== null;
  }

  /** A sound over the reply is being judged by its words (its end goes through speechEnd). */
  get judgingSound(): boolean {
    return this.sound !== null;
  }

  /** Sounds over the reply are judged by their words (not the user's "stop at any sound"). */
  get byWords(): boolean {
    return this.o.bargeIn !== 'any-sound';
  }

  /** Switches how sounds over the reply are judged (the user's preference, saved). */
  setBargeIn(rule: BargeInRule): void {
    this.o.bargeIn = rule;
  }

  /** Switches the language whose words judge a sound over the reply (BCP 47). */
  setLanguage(language: string): void {
    this.o.language = language;
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
    // A backchannel given back goes on in the same segment: its words, not a new duck, decide.
    if (this.sound?.resumed === true) return [];
    this.pending = { since: nowMs, byVad: false };
    if (this.byWords) this.sound = new SoundOverReply(nowMs, this.o.soundPitch, this.coverageTold);
    return [{ type: 'pause-playback' }];
  }

  speechStart(nowMs: number): TurnEffect[] {
    // Speech again while an end is held: the held one is settled on what was heard so far.
    if (this.held) return [...this.settleHeld(nowMs, true, true), ...this.speechStart(nowMs)];
    if (this.pending !== null) {
      // Already ducked by the onset: now the VAD's window for real speech runs.
      this.pending = { since: nowMs, byVad: true };
      if (this.sound) this.sound.lastLoudMs = nowMs;
      this.phase = 'user-speaking';
      return [{ type: 'forward' }];
    }
    if (this.playing) {
      if (this.o.duplex === 'half') {
        this.ignoring = true;
        return [];
      }
      this.pending = { since: nowMs, byVad: true };
      if (this.byWords)
        this.sound = new SoundOverReply(nowMs, this.o.soundPitch, this.coverageTold);
      this.phase = 'user-speaking';
      return [{ type: 'pause-playback' }, { type: 'forward' }];
    }
    this.ignoring = false;
    this.phase = 'user-speaking';
    return [{ type: 'forward' }];
  }

  /** The VAD confirmed the segment as speech (at `nowMs`, stream time; default: its last frame). */
  speechRealStart(nowMs?: number): TurnEffect[] {
    if (this.ignoring) return [];
    const turnId = this.replyTurn;
    if (this.sound) {
      this.sound.speech = true;
      return this.judge(nowMs ?? this.sound.lastLoudMs, false);
    }
    if (this.pending !== null || (this.playing && this.o.duplex === 'full')) {
      const since = this.pending?.since ?? nowMs ?? 0;
      this.pending = null;
      this.playing = false;
      this.replyTurn = null;
      return turnId === null
        ? []
        : [
            { type: 'barge-in', turnId },
            judged(turnId, 'stop', 'stop at any sound: speech over the reply', since, nowMs),
          ];
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
    const sound = this.sound;
    this.sound = null;
    if (this.pending !== null) {
      const since = this.pending.since;
      this.pending = null;
      this.phase = 'speaking';
      const why = sound ? 'a sound with no words, too short for speech' : 'too short for speech';
      return [
        { type: 'forward' },
        { type: 'resume-playback' },
        ...(this.replyTurn === null ? [] : [judged(this.replyTurn, 'resume', why, since)]),
      ];
    }
    if (sound?.resumed === true && this.playing) {
      this.phase = 'speaking';
      return [{ type: 'forward' }];
    }
    this.phase = this.replyTurn === null ? 'listening' : 'thinking';
    return [{ type: 'forward' }];
  }

  /** The user finished an utterance that will be answered as `turnId`. */
  speechEnd(turnId: number | null, nowMs?: number): TurnEffect[] {
    let cut: TurnEffect[] = [];
    const sound = this.sound;
    if (sound) {
      // Judged for the last time: an interruption cuts the reply and ends as a turn below; a
      // backchannel (still judged one) is dropped, and the reply given back if still ducked.
      const at = nowMs ?? sound.lastLoudMs;
      cut = this.judge(at, true);
      const last = sound.judge(at, this.o.bargeIn ?? 'words', true, this.o.language);
      if (!sound.stopped && last.unsure === true) {
        // No words yet, or too few: a recogniser running late (a loaded machine) may still send
        // the words of a short "stop". The reply goes on; the end waits for them, bounded.
        this.held = { turnId, sinceMs: at };
        // A level hum's reading is asked for: the policy waits for it, bounded.
        const readWhole = last.awaitsReading === true;
        if (readWhole) sound.readingAskedAtMs = at;
        return [...cut, { type: 'hold-end', readWhole }];
      }
      if (!sound.stopped) {
        this.sound = null;
        if (this.playing) this.phase = 'speaking';
        else this.phase = this.replyTurn === null ? 'listening' : 'thinking';
        return [{ type: 'drop-utterance' }, ...cut];
      }
    }
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
      return [...cut, ...effects, { type: 'forward' }];
    }
    this.replyTurn = turnId;
    this.phase = 'thinking';
    return [...cut, { type: 'forward' }];
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
    this.held = null;
    if (confirmed && turnId !== null) effects = this.speechEnd(turnId);
    else if (this.ignoring) this.ignoring = false;
    else if (this.pending !== null || this.sound || this.phase === 'user-speaking')
      effects = this.misfire();
    // The caller ends or drops the utterance itself.
    return effects.filter((e) => e.type !== 'forward' && e.type !== 'drop-utterance');
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
    this.sound = null;
    this.held = null;
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

  /**
   * Time passes (`loud`: the VAD frame ending at `nowMs` was speech-like): a loud onset the VAD
   * never calls speech resumes the reply; a sound over it is judged again by its words (or,
   * under `any-sound`, a speech start that never became speech resumes it).
   */
  tick(nowMs: number, loud = false): TurnEffect[] {
    // Judged again as time passes: a reading that did not come in its wait leaves the words
    // to decide (see SoundOverReply.readingAskedMs in shared).
    if (this.held)
      return this.linkDown ? [] : this.settleHeld(nowMs, nowMs - this.held.sinceMs >= HOLD_END_MS);
    if (this.sound && loud) this.sound.lastLoudMs = nowMs;
    const byVad = this.pending?.byVad === true;
    if (this.sound && (byVad || this.sound.resumed)) return this.judge(nowMs, false);
    const window = byVad ? this.o.misfireWindowMs : (this.o.onsetWindowMs ?? 150);
    if (this.pending !== null && nowMs - this.pending.since >= window) {
      const since = this.pending.since;
      this.pending = null;
      this.sound = null;
      this.phase = 'speaking';
      const why = byVad
        ? 'no speech within the window'
        : 'a loud sound the VAD did not call speech';
      return [
        { type: 'resume-playback' },
        ...(this.replyTurn === null ? [] : [judged(this.replyTurn, 'resume', why, since, nowMs)]),
      ];
    }
    return [];
  }

  /**
   * The recogniser's words so far of the utterance under way, at stream time `nowMs`, and the
   * stop phrases its keyword spotter heard in it; `read`: they are its reading of the whole
   * sound (see SoundOverReply in shared); `coveredToMs`: the stream time up to which they
   * account for the audio, where the recogniser says.
   */
  heard(
    words: string,
    nowMs: number,
    spotted: readonly string[] = [],
    read = false,
    coveredToMs?: number,
  ): TurnEffect[] {
    const sound = this.sound;
    if (!sound || (this.pending?.byVad !== true && !sound.resumed)) return [];
    sound.words = words;
    sound.read = read;
    if (coveredToMs !== undefined) sound.coveredToMs = coveredToMs;
    if (spotted.length > 0) sound.spotted = spotted;
    if (this.held) return this.settleHeld(nowMs, false);
    return this.judge(nowMs, false);
  }

  /**
   * A held end is settled: words that take the turn cut the reply and release the end (the
   * utterance is answered); a backchannel, or no words by HOLD_END_MS (`timedOut`), drops it —
   * not while its words do not reach its end (the policy's `awaitsWords`, bounded), unless
   * `forced` (the user speaks again: it is settled on what was heard).
   */
  private settleHeld(nowMs: number, timedOut: boolean, forced = false): TurnEffect[] {
    const held = this.held;
    const sound = this.sound;
    if (!held || !sound) return [];
    const d = sound.judge(nowMs, this.o.bargeIn ?? 'words', true, this.o.language);
    const awaits = d.unsure === true && (!timedOut || d.awaitsWords === true);
    if (d.action !== 'stop' && awaits && !forced) {
      held.behind = d.awaitsWords === true;
      return [];
    }
    this.held = null;
    if (d.action !== 'stop') {
      this.sound = null;
      // Its words never reached its end in the wait: the debug panel says so.
      const turnId = this.replyTurn;
      const behind = sound.coveredToMs !== null && sound.coveredToMs < sound.lastLoudMs;
      return [
        { type: 'drop-utterance' },
        ...(held.behind === true && behind && turnId !== null
          ? [judged(turnId, 'resume', d.reason, sound.onsetMs, nowMs)]
          : []),
      ];
    }
    const cut = this.judge(nowMs, true);
    return [
      ...cut,
      ...this.speechEnd(held.turnId).filter((e) => e.type !== 'forward'),
      { type: 'release-end' },
    ];
  }

  /** The sound under way judged again: a stop cuts the reply, a resume gives it back once. */
  private judge(nowMs: number, ended: boolean): TurnEffect[] {
    const sound = this.sound;
    if (!sound) return [];
    const d = sound.judge(nowMs, this.o.bargeIn ?? 'words', ended, this.o.language);
    const turnId = this.replyTurn;
    if (d.action === 'wait' || (d.action === 'resume' && sound.resumed)) return [];
    if (d.action === 'stop') {
      // Not a backchannel: from here it is the user's utterance like any other.
      sound.stopped = true;
      this.sound = null;
      this.pending = null;
      this.phase = 'user-speaking';
      if (turnId === null) return [];
      this.playing = false;
      this.replyTurn = null;
      return [{ type: 'barge-in', turnId }, judged(turnId, 'stop', d.reason, sound.onsetMs, nowMs)];
    }
    sound.resumed = true;
    const ducked = this.pending !== null;
    this.pending = null;
    this.phase = this.playing ? 'speaking' : 'listening';
    if (!ducked) return [];
    return [
      { type: 'resume-playback' },
      ...(turnId === null ? [] : [judged(turnId, 'resume', d.reason, sound.onsetMs, nowMs)]),
    ];
  }

  /**
   * The connection to the relay went down (`up` false) or came back, at `nowMs`. While it is down
   * no words can come: a held end is not settled on the words it has. Once it is back (the
   * relay tells the words again), its waits for words count from there.
   */
  link(up: boolean, nowMs: number): void {
    if (up !== this.linkDown) return;
    this.linkDown = !up;
    if (!up || !this.held || !this.sound) return;
    this.held.sinceMs = nowMs;
    this.sound.wordsAgainFromMs = nowMs;
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
    // A sound over the reply stays judged by its words (an "uh-huh" as the reply ends is no
    // turn either), but there is nothing left to duck.
    if (this.sound) this.sound.resumed = true;
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
