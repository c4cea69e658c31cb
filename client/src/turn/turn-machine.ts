import type { BargeInDecision, BargeInRule } from '@parley/shared';
import { BargeInHold } from './barge-in-hold.ts';
import { ReplyDuck } from './reply-duck.ts';
import { ReplyTrack } from './reply-track.ts';
import { SoundOverReply } from './sound-over-reply.ts';
import { judged } from './turn-effects.ts';
import type { TurnEffect, TurnMachineOptions, TurnPhase } from './turn-effects.ts';
import { WordsLink } from './words-link.ts';

export type { TurnEffect, TurnMachineOptions, TurnPhase } from './turn-effects.ts';

/**
 * The client's turn-taking rules, pure: VAD events, reply audio, words heard and time in;
 * effects out. While the reply plays, a loud onset or a speech start ducks it at once. Then, by
 * default, the words decide (judgeBargeIn): a backchannel or a wordless sound gives the reply
 * back at full level where it ducked, and its utterance is dropped; "wait", "no" or a question
 * stops it. Under `any-sound`, real speech (the VAD's speech-real-start, a minimum duration)
 * stops it and a misfire — or no real speech within the window — resumes it. Either way a
 * cough never costs the user their answer. In half duplex the reply's own sound must not start
 * a turn, so speech during playback is ignored. Its parts: the reply (ReplyTrack), its duck
 * (ReplyDuck), the sound over it (SoundOverReply), the sound's end held for its words
 * (BargeInHold), whether words can come at all (WordsLink).
 */
export class TurnMachine {
  phase: TurnPhase = 'listening';
  private readonly o: TurnMachineOptions;
  /** The reply being played or awaited (the turn the user last finished). */
  private readonly reply = new ReplyTrack();
  /** The reply ducked for a possible interruption, awaiting confirmation. */
  private pending: ReplyDuck | null = null;
  /** The current VAD segment is ignored (half duplex, over the reply). */
  private ignoring = false;
  /** The sound over the reply being judged by its words (`words` rule only). */
  private sound: SoundOverReply | null = null;
  /** The sound's segment ended before its words came: its end is held for them. */
  private readonly hold = new BargeInHold();
  /** The recogniser says which audio its words cover (it has, in this call): see heard(). */
  coverageTold = false;
  /** Whether words can come (the connection to the relay is up; see {@link link}). */
  private readonly wordsLink = new WordsLink();

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
    if (!this.reply.playing || this.o.duplex === 'half' || this.pending !== null) return [];
    // A backchannel given back goes on in the same segment: its words, not a new duck, decide.
    if (this.sound?.resumed === true) return [];
    this.duck(nowMs, false);
    return [{ type: 'pause-playback' }];
  }

  speechStart(nowMs: number): TurnEffect[] {
    // Speech again while an end is held: the held one is settled on what was heard so far.
    if (this.hold.active)
      return [...this.settleHeld(nowMs, true, true), ...this.speechStart(nowMs)];
    if (this.pending !== null) {
      // Already ducked by the onset: now the VAD's window for real speech runs.
      this.pending = new ReplyDuck(nowMs, true);
      if (this.sound) this.sound.lastLoudMs = nowMs;
      this.phase = 'user-speaking';
      return [{ type: 'forward' }];
    }
    if (this.reply.playing) {
      if (this.o.duplex === 'half') {
        this.ignoring = true;
        return [];
      }
      this.duck(nowMs, true);
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
    const turnId = this.reply.turnId;
    if (this.sound) {
      this.sound.speech = true;
      return this.judge(nowMs ?? this.sound.lastLoudMs, false);
    }
    if (this.pending !== null || (this.reply.playing && this.o.duplex === 'full')) {
      const since = this.pending?.sinceMs ?? nowMs ?? 0;
      this.pending = null;
      this.reply.stop();
      return turnId === null
        ? []
        : [
            { type: 'barge-in', turnId },
            judged(turnId, 'stop', 'stop at any sound: speech over the reply', since, nowMs),
          ];
    }
    if (turnId !== null && !this.reply.playing) {
      // Still thinking about the last question: the new one replaces it.
      this.reply.stop();
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
      const since = this.pending.sinceMs;
      this.pending = null;
      this.phase = 'speaking';
      const why = sound ? 'a sound with no words, too short for speech' : 'too short for speech';
      return [{ type: 'forward' }, ...this.givenBack(why, since)];
    }
    if (sound?.resumed === true && this.reply.playing) this.phase = 'speaking';
    else this.phase = this.reply.turnId === null ? 'listening' : 'thinking';
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
      // No words yet, or too few: a recogniser running late (a loaded machine) may still send
      // the words of a short "stop". The reply goes on; the end waits for them, bounded.
      const held = this.hold.begin(sound, this.verdict(sound, at, true), turnId, at);
      if (held) return [...cut, { type: 'hold-end', readWhole: held.readWhole }];
      if (!sound.stopped) {
        this.sound = null;
        if (this.reply.playing) this.phase = 'speaking';
        else this.phase = this.reply.turnId === null ? 'listening' : 'thinking';
        return [{ type: 'drop-utterance' }, ...cut];
      }
    }
    // The reply's own sound, ignored in half duplex, leaves the reply finished if it was.
    if (this.ignoring) {
      this.ignoring = false;
      return [];
    }
    // Still ducked, short but real (it ended before the VAD confirmed it): an interruption.
    const cutTurn = this.pending === null ? null : this.reply.stop();
    this.pending = null;
    this.reply.awaits(turnId);
    this.phase = 'thinking';
    const bargeIn: TurnEffect[] = cutTurn === null ? [] : [{ type: 'barge-in', turnId: cutTurn }];
    return [...cut, ...bargeIn, { type: 'forward' }];
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
    this.hold.clear();
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
    const turnId = this.reply.turnId;
    if (turnId === null) return [];
    const heard = this.reply.heard;
    this.pending = null;
    this.sound = null;
    this.hold.clear();
    this.reply.stop();
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
    this.reply.awaits(turnId);
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
    if (this.hold.active)
      return this.wordsLink.up ? this.settleHeld(nowMs, this.hold.timedOut(nowMs)) : [];
    if (this.sound && loud) this.sound.lastLoudMs = nowMs;
    const byVad = this.pending?.byVad === true;
    if (this.sound && (byVad || this.sound.resumed)) return this.judge(nowMs, false);
    const duck = this.pending;
    const why = duck?.expired(nowMs, this.o) ?? null;
    if (duck === null || why === null) return [];
    this.pending = null;
    this.sound = null;
    this.phase = 'speaking';
    return this.givenBack(why, duck.sinceMs, nowMs);
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
    sound.hear(words, spotted, read, coveredToMs);
    return this.hold.active ? this.settleHeld(nowMs, false) : this.judge(nowMs, false);
  }

  /** The held end is settled (see BargeInHold.settle); `timedOut`: its wait for words is over. */
  private settleHeld(nowMs: number, timedOut: boolean, forced = false): TurnEffect[] {
    const sound = this.sound;
    if (!this.hold.active || !sound) return [];
    const settled = this.hold.settle(sound, this.verdict(sound, nowMs, true), timedOut, forced);
    switch (settled.type) {
      case 'wait':
        return [];
      case 'drop': {
        this.sound = null;
        const turnId = this.reply.turnId;
        return [
          { type: 'drop-utterance' },
          ...(settled.behind && turnId !== null
            ? [judged(turnId, 'resume', settled.reason, sound.onsetMs, nowMs)]
            : []),
        ];
      }
      case 'take':
        return [
          ...this.judge(nowMs, true),
          ...this.speechEnd(settled.turnId).filter((e) => e.type !== 'forward'),
          { type: 'release-end' },
        ];
    }
  }

  /** What the barge-in policy makes of `sound` at `nowMs`, by this call's rule and language. */
  private verdict(sound: SoundOverReply, nowMs: number, ended: boolean): BargeInDecision {
    return sound.judge(nowMs, this.o.bargeIn ?? 'words', ended, this.o.language);
  }

  /** The sound under way judged again: a stop cuts the reply, a resume gives it back once. */
  private judge(nowMs: number, ended: boolean): TurnEffect[] {
    const sound = this.sound;
    if (!sound) return [];
    const d = this.verdict(sound, nowMs, ended);
    const turnId = this.reply.turnId;
    if (d.action === 'wait' || (d.action === 'resume' && sound.resumed)) return [];
    if (d.action === 'stop') {
      // Not a backchannel: from here it is the user's utterance like any other.
      sound.stopped = true;
      this.sound = null;
      this.pending = null;
      this.phase = 'user-speaking';
      if (turnId === null) return [];
      this.reply.stop();
      return [{ type: 'barge-in', turnId }, judged(turnId, 'stop', d.reason, sound.onsetMs, nowMs)];
    }
    sound.resumed = true;
    const ducked = this.pending !== null;
    this.pending = null;
    this.phase = this.reply.playing ? 'speaking' : 'listening';
    return ducked ? this.givenBack(d.reason, sound.onsetMs, nowMs) : [];
  }

  /**
   * Ducks the reply for a sound that began at `nowMs` (a loud onset, or the VAD's speech start:
   * `byVad`); under the words rule, the sound is judged by its words from here.
   */
  private duck(nowMs: number, byVad: boolean): void {
    this.pending = new ReplyDuck(nowMs, byVad);
    if (this.byWords) this.sound = new SoundOverReply(nowMs, this.o.soundPitch, this.coverageTold);
  }

  /** The ducked reply is given back, and the debug panel told why (timed from `sinceMs`). */
  private givenBack(why: string, sinceMs: number, nowMs?: number): TurnEffect[] {
    const turnId = this.reply.turnId;
    return [
      { type: 'resume-playback' },
      ...(turnId === null ? [] : [judged(turnId, 'resume', why, sinceMs, nowMs)]),
    ];
  }

  /**
   * The connection to the relay went down (`up` false) or came back, at `nowMs`. While it is down
   * no words can come: a held end is not settled on the words it has. Once it is back (the
   * relay tells the words again), its waits for words count from there.
   */
  link(up: boolean, nowMs: number): void {
    if (this.wordsLink.update(up) && this.sound) this.hold.wordsAgain(this.sound, nowMs);
  }

  /** Reply audio for `turnId` started playing. */
  replyStarted(turnId: number): void {
    if (!this.reply.started(turnId)) return;
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
    this.pending = null;
    this.reply.drained();
    if (this.phase === 'speaking') this.phase = 'listening';
    return ducked ? [{ type: 'resume-playback' }] : [];
  }

  /** The relay finished the turn (with or without audio). */
  turnDone(turnId: number, hadAudio: boolean): void {
    if (this.reply.done(turnId, hadAudio) && this.phase === 'thinking') this.phase = 'listening';
  }
}
