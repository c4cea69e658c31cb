import { RelayError } from '../../errors.ts';
import type { Urgency } from './client-channel.ts';

/** Where a session starts counting: new (nothing yet), continued, or restored after a restart. */
export interface ProgressFrom {
  /** The last turn id the session took (turn ids only increase). */
  lastTurnId: number;
  /** Highest microphone seq already acknowledged. */
  ackedSeq: number;
  /** A restored session's client resends what it did not see acknowledged. */
  resumed: boolean;
}

/**
 * How far the client's input has got, as a session counts it: the last turn id taken (a new
 * one must be higher), the highest microphone seq durably handled and acknowledged, and —
 * once a client resumed — which of its messages are replays of turns already handled, to be
 * ignored. Pure: the acknowledgements go out through `sendAck`.
 */
export class ClientProgress {
  private lastTurn: number;
  private acked: number;
  private replays: boolean;

  constructor(
    private readonly sendAck: (seq: number, urgency: Urgency) => void,
    from: ProgressFrom = { lastTurnId: -1, ackedSeq: -1, resumed: false },
  ) {
    this.lastTurn = from.lastTurnId;
    this.acked = from.ackedSeq;
    this.replays = from.resumed;
  }

  /** The last turn id taken. */
  get lastTurnId(): number {
    return this.lastTurn;
  }

  /** Highest microphone seq durably handled (acknowledged to the client). */
  get ackedSeq(): number {
    return this.acked;
  }

  /** Whether a resumed client may replay messages the session already handled. */
  get replaysExpected(): boolean {
    return this.replays;
  }

  /** A client resumed: from now on, its messages of turns already handled are replays. */
  expectReplays(): void {
    this.replays = true;
  }

  /** A message of `turnId` replayed by a resumed client (the turn was handled already). */
  isReplay(turnId: number): boolean {
    return this.replays && turnId <= this.lastTurn;
  }

  /** A microphone frame replayed by a resumed client: of a turn handled, or audio acknowledged. */
  isReplayedFrame(turnId: number, seq: number): boolean {
    return this.replays && (turnId <= this.lastTurn || seq <= this.acked);
  }

  /** Throws unless `turnId` is above every turn id taken. */
  assertNew(turnId: number): void {
    if (turnId <= this.lastTurn) throw RelayError.turnIdNotIncreasing(turnId, this.lastTurn);
  }

  /** The session took turn `turnId` (a new utterance or typed message). */
  take(turnId: number): void {
    this.lastTurn = turnId;
  }

  /** Everything up to `seq` is durably handled: tell the client it may forget it. */
  acknowledge(seq: number): void {
    if (seq <= this.acked) return;
    this.acked = seq;
    // The client only lets go of audio it kept for a resend: no hurry.
    this.sendAck(seq, 'soon');
  }

  /**
   * The cancel of an utterance no longer here (cancelling is idempotent): audio up to
   * `refusedSeq` that the recognition limits refused is handled; otherwise a replayed cancel
   * still needs its ack.
   */
  cancelledGone(refusedSeq: number): void {
    if (refusedSeq > this.acked) this.acknowledge(refusedSeq);
    else this.sendAck(this.acked, 'now');
  }

  /**
   * The end of an utterance no longer here: true if it is a replay (of a turn already answered
   * — its ack is sent again if it was lost — or still being answered), false if unknown.
   */
  endReplayed(turnId: number, lastSeq: number): boolean {
    if (!this.isReplay(turnId)) return false;
    if (lastSeq <= this.acked) this.sendAck(this.acked, 'now');
    return true;
  }
}
