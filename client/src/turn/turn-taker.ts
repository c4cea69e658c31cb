import { CHUNK_SAMPLES, Chunker, UtteranceGate, type Eagerness } from '@parley/shared';
import { VAD_FRAME_SAMPLES, type VadEvent } from '../audio/vad.ts';
import { EnergyOnset } from './energy-onset.ts';
import { HeldEnd } from './gate-actions.ts';
import type { TurnEnding, HeardWords } from './turn-ending.ts';
import { endingFor } from './turn-taker-ending.ts';
import { now } from './trace-id.ts';
import type { TypedTurn } from './typed-message.ts';
import { UtteranceWire } from './utterance-wire.ts';
import { ReplyCuts, type BargeIn, type UserInterrupt } from './reply-cuts.ts';
import { SpeechEndRefiner } from './speech-end.ts';
import { soundPitchFrom } from './sound-over-reply.ts';
import { isReading, wordsCoverToMs } from './words-coverage.ts';
import type { ControlEvent, TurnTakerDeps } from './turn-taker-deps.ts';
import { TurnMachine, type TurnEffect } from './turn-machine.ts';
import { carryOut, type EffectParts } from './turn-effect-runner.ts';

/** Audio sent from before the VAD's speech start, so the first syllable is not clipped (ms). */
const PRE_SPEECH_PAD_MS = 400;
/** After a speech start over the reply, how long real speech may take to confirm it (ms). */
const MISFIRE_WINDOW_MS = 300;
/** The VAD's end-of-speech silence under the fixed rule (ms; see vad-loader.ts). */
const FIXED_WAIT_MS = 500;
/** A push-to-talk press shorter than this is a tap (it stops the reply, asks nothing): 250 ms. */
const MIN_PRESS_SAMPLES = 4_000;

/** Position in the 16 kHz capture stream, in ms. */
const streamMs = (sample: number) => sample / 16;

export type { BargeIn, UserInterrupt } from './reply-cuts.ts';
export type { TurnTakerDeps, TurnTakerEvents } from './turn-taker-deps.ts';

/**
 * Turn-taking in the browser: microphone chunks through the utterance gate, VAD decisions
 * through the {@link TurnMachine} (duck on a speech start over the reply, interrupt on real
 * speech, resume after a misfire), pauses inside an utterance reported to the relay for a
 * speculative answer, and the reply's lifecycle. Time is the capture stream's: no timers.
 * In push-to-talk the press and release bound each utterance instead of the VAD; the user may
 * stop a reply with a control in either mode.
 */
export class TurnTaker {
  readonly machine: TurnMachine;
  /** The last turn-taking decisions (event → effects), for debugging: bounded. */
  readonly decisions: { atMs: number; event: string; phase: string; effects: string[] }[] = [];
  private readonly chunker: Chunker;
  private readonly gate: UtteranceGate;
  private readonly speechEnd = new SpeechEndRefiner();
  private readonly ending: TurnEnding;
  private readonly cuts: ReplyCuts;
  private readonly wire: UtteranceWire;
  private pushToTalk = false;
  /** Stream sample at which push-to-talk was pressed (null: not held). */
  private pressedAt: number | null = null;
  /** The VAD confirmed the current segment as speech (speechRealStart). */
  private realSpeech = false;
  /** Capture time of the last loud onset (epoch ms). */
  private onsetAtMs = 0;
  private readonly onset = new EnergyOnset();
  /** The utterance the relay has heard words of (a short one with words is no misfire). */
  private heardOf: number | null = null;
  private readonly held = new HeldEnd();
  /** What the machine's effects act on (see carryOut). */
  private readonly effectParts: EffectParts;

  constructor(private readonly d: TurnTakerDeps) {
    const firstSeq = d.firstSeq ?? 0;
    this.chunker = new Chunker({ firstSeq });
    this.machine = new TurnMachine({
      duplex: d.duplex,
      misfireWindowMs: MISFIRE_WINDOW_MS,
      bargeIn: d.bargeIn ?? 'words',
      ...(d.language === undefined ? {} : { language: d.language }),
      soundPitch: soundPitchFrom(this.speechEnd),
    });
    this.wire = new UtteranceWire(d);
    this.cuts = new ReplyCuts({
      send: (m) => d.send(m),
      player: d.player,
      outputRateHz: d.outputRateHz,
      trace: (turnId, update) => d.events.trace(turnId, update),
      interrupted: (turnId) => d.events.interrupted(turnId),
    });
    this.gate = new UtteranceGate({
      preSpeechPadMs: PRE_SPEECH_PAD_MS,
      firstTurnId: d.firstTurnId,
      firstSeq,
    });
    this.ending = endingFor(d, this.speechEnd);
    this.effectParts = {
      machine: this.machine,
      gate: this.gate,
      wire: this.wire,
      cuts: this.cuts,
      held: this.held,
      d,
      decisions: this.decisions,
      onsetAtMs: () => this.onsetAtMs,
    };
  }

  /** Epoch ms of the last speech sample of each utterance, for voice-to-voice. */
  get speechEndAtMs(): Map<number, number> {
    return this.wire.speechEndAtMs;
  }

  setEagerness(eagerness: Eagerness): void {
    this.ending.setEagerness(eagerness);
  }

  /** A question about a change awaits a yes: a lone yes waits for a "no, wait" (issue 60). */
  setQuestionOpen(open: boolean): void {
    this.ending.setQuestionOpen(open);
  }

  /** Words the relay heard of `turnId`: they steer its end, and over the reply whether it stops. */
  words(turnId: number, heard: HeardWords): void {
    if (turnId !== this.gate.activeTurnId) return;
    this.ending.words(heard);
    if (heard.text.trim() !== '') this.heardOf = turnId;
    const nowMs = streamMs(this.streamEndSample);
    const coveredToMs = wordsCoverToMs(heard, this.chunker.firstSeq);
    // Said by the recogniser (not a reading's pause): it says so of every sound from now on.
    if (heard.coversSeq !== undefined) this.machine.coverageTold = true;
    if (this.machine.overReply && !this.pushToTalk)
      this.apply(
        this.machine.heard(heard.text, nowMs, heard.spotted, isReading(heard), coveredToMs),
        'words',
      );
  }

  /** The connection to the relay is up (`live`) or down: words reach the page only while up. */
  linkState(live: boolean): void {
    this.machine.link(live, streamMs(this.streamEndSample));
  }

  /**
   * The conversation's language (BCP 47): whose words judge its pauses and the sounds over its
   * replies from now on (a language without them: the voice, the silence and the sound's length).
   */
  setLanguage(language: string): void {
    this.ending.setLanguage(language);
    this.machine.setLanguage(language);
  }

  /** Replies the user spoke over. */
  get bargeIns(): readonly BargeIn[] {
    return this.cuts.bargeIns;
  }
  /** Replies the user stopped with a control. */
  get userInterrupts(): readonly UserInterrupt[] {
    return this.cuts.userInterrupts;
  }
  /** Interrupts sent (barge-ins, replies stopped by a control, cancelled before they played). */
  get interruptsSent(): number {
    return this.cuts.sent;
  }

  /**
   * Push-to-talk (the press and release bound utterances; the VAD only finds pauses) or
   * hands-free (the VAD decides). Switching while held releases first. The caller holds the
   * stream while push-to-talk is not pressed (see ResilientMic.hold).
   */
  setPushToTalk(on: boolean): void {
    if (on === this.pushToTalk) return;
    this.release();
    this.pushToTalk = on;
  }

  /**
   * Push-to-talk pressed: a reply playing or coming is stopped and an utterance starts where the
   * stream is (at a chunk boundary: it was held); nothing from before the press is sent.
   */
  press(): void {
    if (!this.pushToTalk || this.pressedAt !== null) return;
    const at = this.streamEndSample;
    this.pressedAt = at;
    this.realSpeech = false;
    this.ending.reset();
    this.wire.speechStartAtMs = now();
    this.apply(this.machine.press(), 'press');
    this.wire.run(this.gate.begin(at));
  }

  /**
   * Push-to-talk released: the utterance ends with what was captured (the last chunk padded with
   * silence); a press shorter than 250 ms is a tap and is dropped.
   */
  release(): void {
    const pressedAt = this.pressedAt;
    if (pressedAt === null) return;
    this.pressedAt = null;
    const tap = this.streamEndSample - pressedAt < MIN_PRESS_SAMPLES;
    if (tap) this.wire.run(this.gate.drop(), 'user');
    const tail = this.chunker.flush();
    if (tail) this.wire.run(this.gate.chunk(tail));
    const turnId = tap ? null : this.gate.activeTurnId;
    if (turnId !== null) {
      const lastSpeech = this.speechEnd.refine(this.streamEndSample);
      this.wire.speechEndAtMs.set(turnId, this.d.epochMsOf(lastSpeech));
      this.wire.run(this.gate.forceEnd());
    }
    this.ending.reset();
    this.apply(this.machine.release(turnId), 'release');
  }

  /**
   * The user asked to stop the reply (a tap on the talk control, Esc), in either duplex: cut
   * where it is, as a barge-in does (the relay keeps what was heard), or cancelled if it has not
   * played yet.
   */
  interrupt(): void {
    this.apply(this.machine.interrupt(), 'interrupt');
  }

  /** 16 kHz microphone audio, in order, with its level (dBFS). */
  captured(samples: Float32Array, firstSample: number, levelDb: number): void {
    this.speechEnd.push(samples, firstSample, levelDb);
    for (const chunk of this.chunker.push(samples)) this.wire.run(this.gate.chunk(chunk));
    // A pause whose wait is over in quiet audio ends now, not when the VAD's frames catch up.
    const turnId = this.gate.activeTurnId;
    if (!this.pushToTalk && turnId !== null) {
      const from = streamMs(firstSample);
      const step = this.ending.block(from, streamMs(firstSample + samples.length), levelDb);
      if (step.pause) this.paused(turnId);
      if (step.end) this.endTurn(turnId, firstSample + samples.length);
    }
    if (this.onset.block(levelDb) && !this.pushToTalk) {
      this.onsetAtMs = this.d.epochMsOf(firstSample);
      this.apply(this.machine.energyOnset(streamMs(firstSample)));
    }
  }

  vad(e: VadEvent): void {
    // Push-to-talk: the press and release bound the utterance; the VAD only finds its pauses.
    if (this.pushToTalk && e.type !== 'frame') return;
    switch (e.type) {
      case 'speechStart':
        this.wire.speechStartAtMs = this.d.epochMsOf(e.startSample);
        this.realSpeech = false;
        this.ending.reset();
        this.apply(this.machine.speechStart(streamMs(e.startSample)), e);
        return;
      case 'speechRealStart':
        this.realSpeech = true;
        this.apply(this.machine.speechRealStart(streamMs(e.decidedAtSample)), e);
        // The user's own speech (not the reply's, ignored in half duplex): an utterance.
        if (this.gate.activeTurnId !== null) this.ending.spokeAgain(streamMs(e.startSample));
        return;
      case 'misfire': {
        // Words, not length: a word the relay heard ("yes" to "Shall I…?", "no", "stop") is the
        // user's turn, however short; a sound over the reply ends as speech does, for its words
        // to be judged (or awaited); only a sound with no words drops.
        const heard = this.heardOf !== null && this.heardOf === this.gate.activeTurnId;
        if ((heard && !this.machine.overReply) || this.machine.judgingSound)
          return this.vad({ ...e, type: 'speechEnd', paddedStartSample: e.startSample });
        this.realSpeech = false;
        this.ending.reset();
        this.apply(this.machine.misfire(), e);
        return;
      }
      case 'speechEnd': {
        this.realSpeech = false;
        const turnId = this.gate.activeTurnId;
        // The timeline's end of speech is the last loud sample, not the VAD's frame boundary.
        if (turnId !== null) {
          this.wire.speechEndAtMs.set(turnId, this.d.epochMsOf(this.speechEnd.refine(e.endSample)));
          const { waitMs, reason } = this.ending.decision;
          this.d.events.trace(turnId, {
            endOfTurn:
              this.ending.rule === 'fixed'
                ? { waitMs: FIXED_WAIT_MS, reason: 'fixed rule' }
                : { waitMs, reason },
          });
        }
        this.ending.reset();
        this.apply(this.machine.speechEnd(turnId, streamMs(e.decidedAtSample)), e);
        return;
      }
      case 'frame': {
        // The misfire window counts audio, not wall time: VAD lag cannot shorten it.
        if (!this.pushToTalk) {
          const loud = e.probability >= this.d.vadThresholds.positive;
          this.apply(this.machine.tick(streamMs(e.startSample + VAD_FRAME_SAMPLES), loud));
        }
        const turnId = this.gate.activeTurnId;
        if (turnId === null) {
          if (!this.pushToTalk && this.ending.frameOutside(e.probability)) this.d.endSpeech();
          return;
        }
        const step = this.ending.frame(e.probability, streamMs(e.startSample + VAD_FRAME_SAMPLES));
        if (step.pause) this.paused(turnId);
        else if (step.resume) this.d.send({ type: 'utterance.resume', turnId });
        if (step.end && !this.pushToTalk) this.endTurn(turnId, e.startSample + VAD_FRAME_SAMPLES);
        return;
      }
    }
  }

  /** The policy's wait is over, on audio up to `decidedAtSample`: the VAD ends the segment. */
  private endTurn(turnId: number, decidedAtSample: number): void {
    this.wire.decided(turnId, decidedAtSample);
    this.d.endSpeech();
  }

  /**
   * A pause in the utterance `turnId` (the VAD's or the captured audio's): the relay may start
   * answering from the audio sent so far. A sound over the reply is no question yet: no
   * speculative answer for "mm-hmm".
   */
  private paused(turnId: number): void {
    if (this.machine.overReply) return;
    const lastSeq = this.wire.lastSentSeq;
    this.ending.pausedAt(lastSeq);
    this.d.send({ type: 'utterance.pause', turnId, lastSeq });
  }

  /**
   * Where the stream the chunks are cut from has got to (16 kHz samples): after
   * {@link micPaused}, a chunk boundary, where audio continues when the microphone is back.
   */
  get streamEndSample(): number {
    return (
      (this.chunker.nextSeq - this.chunker.firstSeq) * CHUNK_SAMPLES + this.chunker.bufferedSamples
    );
  }

  /**
   * The microphone stopped (track ended or muted, device gone; see CaptureRecovery): no audio
   * or VAD events until it is back, maybe minutes later, maybe from another device. The partial
   * chunk goes out padded with silence, so the stream (and the uplink's seqs) continue at a
   * chunk boundary. What the user was saying is ended there when the VAD had confirmed it as
   * speech (they are answered what they said), dropped like a misfire otherwise: never left
   * open. A ducked reply resumes. The caller resets the VAD.
   */
  micPaused(): void {
    const tail = this.chunker.flush();
    if (tail) this.wire.run(this.gate.chunk(tail));
    const turnId = this.gate.activeTurnId;
    const confirmed = this.realSpeech && turnId !== null;
    if (confirmed) {
      const lastSpeech = this.speechEnd.refine(this.streamEndSample);
      this.wire.speechEndAtMs.set(turnId, this.d.epochMsOf(lastSpeech));
    }
    const effects = this.machine.micLost(turnId, confirmed);
    this.wire.run(confirmed ? this.gate.forceEnd() : this.gate.drop());
    this.realSpeech = false;
    this.ending.reset();
    this.apply(effects, 'mic-lost');
  }

  /**
   * The user typed `turn` (or tapped an answer): it is sent as its own turn (replacing an
   * utterance in progress).
   */
  typed(turn: TypedTurn): number {
    const { turnId, actions: dropped } = this.gate.typed();
    this.wire.run(dropped);
    this.wire.typed(turnId, turn);
    return turnId;
  }

  /** The relay began a turn of its own (`turnId`): the user's next turns come after it. */
  relayTurn(turnId: number): void {
    this.gate.skipPast(turnId);
  }

  /** Reply audio arrived for `turnId`; false when that reply was cut (drop the audio). */
  replyAudio(turnId: number): boolean {
    if (this.cuts.has(turnId)) return false;
    this.machine.replyStarted(turnId);
    this.syncPhase();
    return true;
  }

  drained(): void {
    this.apply(this.machine.drained());
  }

  turnDone(turnId: number, hadAudio: boolean): void {
    this.machine.turnDone(turnId, hadAudio);
    this.syncPhase();
  }

  dispose(): void {
    this.decisions.length = 0;
  }

  private apply(effects: TurnEffect[], e?: VadEvent | ControlEvent): void {
    carryOut(this.effectParts, effects, e);
  }

  private syncPhase(): void {
    this.d.events.phase(this.machine.phase);
  }
}
