import type { ClientMessage, ServerMessage, WireAudioFrame } from '@parley/shared';
import { logFailure } from '../error-tracking/report-error.ts';
import { RelayError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { asrUsage } from '../metering/usage.ts';
import { withTraceparent } from '../observability/tracing/trace-context.ts';
import type { SessionLink } from './wire/attached-link.ts';
import type { CallQuietNow } from './quiet/call-silence-watch.ts';
import type { SessionCodecs } from './wire/codec-choice.ts';
import type { SessionParts } from './session-parts.ts';
import type { SessionPreferences } from './turns/turn-preferences.ts';

type SessionMessage = Extract<
  ClientMessage,
  {
    type:
      | 'utterance.start'
      | 'utterance.end'
      | 'utterance.cancel'
      | 'utterance.pause'
      | 'utterance.resume'
      | 'interrupt'
      | 'playback.started'
      | 'user.text'
      | 'turn.retry'
      | 'tool.answer'
      | 'call.state';
  }
>;

/**
 * One conversation, as a facade over its parts (built by `buildSessionParts`): the utterance being
 * spoken ({@link Utterances}), the turns being answered ({@link Turns}), what the LLM is told
 * ({@link ConversationHistory}), the record in storage ({@link TurnRecorder}), the numbered turn
 * output ({@link TurnOutputs}), how far the client has got ({@link ClientProgress}) and what
 * lets it be taken back ({@link SessionResume}). It switches on the client's messages,
 * attaches and detaches connections, and closes. Knows nothing about sockets: it talks to a
 * {@link SessionLink}.
 */
export class Session {
  readonly id: string;
  readonly userId: string;
  readonly resumeSecret: string;
  readonly createdAt: number;
  readonly outputRateHz: number;

  /** How its audio travels (chosen at its start). */
  get codecs(): SessionCodecs {
    return this.r.codecs;
  }

  /**
   * The user's preferences as this session applies them: how soon turns end at a pause, how a
   * sound over the reply is judged, and a language held whatever the user saved (an embedding
   * page's).
   */
  get preferences(): Pick<SessionPreferences, 'eagerness' | 'bargeIn' | 'hold'> {
    return this.r.prefs;
  }

  readonly timeZone: string | undefined;
  readonly log: Logger;
  /** Last audio or utterance message (epoch ms), for the idle timeout. */
  lastActivityAt: number;

  constructor(private readonly r: SessionParts) {
    const { init } = r;
    this.id = init.id;
    this.userId = init.userId;
    this.outputRateHz = init.outputRateHz;
    this.timeZone = init.timeZone;
    this.log = r.log;
    this.resumeSecret = r.resume.secret;
    this.createdAt = r.resume.createdAt;
    this.lastActivityAt = r.now();
  }

  /**
   * Where the quiet of this session's call stands, for the check-in after silence: null when
   * it is not a call (no microphone audio came) or its user turned the check-in off.
   */
  quiet(): CallQuietNow | null {
    const { quiet, prefs, utterances, turns } = this.r;
    if (!quiet.inCall || !prefs.checkInOnSilence()) return null;
    return {
      quietSinceMs: quiet.quietSinceMs,
      spokeAtMs: quiet.spokeAtMs,
      busy: utterances.current !== null || turns.answering,
    };
  }

  /**
   * The assistant says `line` as a turn of its own (the check-in of a silent call, its goodbye),
   * numbered after the last turn: the client numbers its next turns after it. Resolves as
   * {@link Turns.say} does.
   */
  say(line: string): Promise<number | null> {
    const { progress } = this.r;
    // A yes to this line must confirm nothing: what was awaited is declined, the page told.
    this.r.tools.withdraw();
    const turnId = progress.lastTurnId + 1;
    progress.take(turnId);
    this.r.prefs.turnStarted(turnId);
    this.r.turnLogs.open(turnId, undefined);
    return this.r.turns.say(turnId, line);
  }

  /** The conversation's language (BCP 47): the one held, else the user's preference. */
  language(): string | undefined {
    return this.r.prefs.language();
  }

  /** Highest microphone seq durably processed. */
  get acknowledgedSeq(): number {
    return this.r.progress.ackedSeq;
  }

  /**
   * Tells the attached client `message` now, outside any turn: not kept for a resume (the
   * `ready` of a resume says the same). Nothing while detached or closed.
   */
  tell(message: ServerMessage): void {
    this.r.attached.send(message);
  }

  /** Whether a connection is attached (false during the resume grace period). */
  get attached(): boolean {
    return this.r.attached.current !== null;
  }

  /** The client has handled the turn output up to `seq`: it is not kept for a resume any more. */
  outputReceived(seq: number): void {
    this.r.out.confirm(seq);
  }

  /** Bytes of turn output held for resumes (memory per session). */
  get journalBytes(): number {
    return this.r.out.journalBytes;
  }

  /** Number of messages in the conversation history. */
  get historyLength(): number {
    return this.r.history.length;
  }

  /** Whether `secret` is this session's resume secret (constant time). */
  checkSecret(secret: string): boolean {
    return this.r.resume.checkSecret(secret);
  }

  /**
   * Attaches a (new) connection: the previous one, if still there, is closed. `lastSeq` is the
   * highest turn output the client has; everything after it is sent again. A resumed client
   * may replay utterance messages the session already handled: from now on they are ignored.
   */
  attach(link: SessionLink, lastSeq: number, resumed: boolean): void {
    this.r.attached.attach(link);
    if (resumed) this.r.progress.expectReplays();
    this.r.resume.catchUp(link, lastSeq);
  }

  /** Another relay serves this session now: the connection attached here (if any) is told. */
  movedAway(): void {
    this.r.attached.moveAway();
  }

  /**
   * The connection went away. Only the attached link can detach. `awaitingResume`: the session
   * now waits for its client to come back (otherwise it is about to end, and says so then).
   */
  detach(link: SessionLink, awaitingResume: boolean): boolean {
    if (!this.r.attached.detach(link)) return false;
    if (awaitingResume)
      this.log.info(
        { journalBytes: this.r.out.journalBytes },
        'session detached; waiting for a resume',
      );
    return true;
  }

  /** Saves what a restarted relay needs to resume this session. */
  checkpoint(): Promise<void> {
    return this.r.resume.checkpoint();
  }

  handle(message: SessionMessage): void {
    const { utterances, turns } = this.r;
    if (message.type !== 'playback.started') {
      this.lastActivityAt = this.r.now();
      this.r.quiet.spoke(this.lastActivityAt);
    }
    switch (message.type) {
      case 'utterance.start':
        return this.startUtterance(message);
      case 'utterance.end':
        return this.endUtterance(message);
      case 'utterance.cancel':
        return this.cancelUtterance(message.turnId);
      case 'utterance.pause':
        return utterances.pause(message.turnId, message.lastSeq);
      case 'utterance.resume':
        return utterances.resume(message.turnId);
      case 'interrupt':
        return turns.interrupt(message.turnId, message.playedSamples);
      case 'playback.started':
        this.r.turnLogs.of(message.turnId).debug('playback started');
        return turns.playbackStarted(message.turnId, message.playedAtMs);
      case 'user.text':
        return this.answerTyped(message);
      case 'turn.retry':
        return this.answerRetry(message);
      case 'tool.answer':
        return this.answerTapped(message);
      case 'call.state':
        return this.r.quiet.callLive(message.live);
    }
  }

  /** Microphone audio for the utterance in progress, whose message arrived at `receivedAtMs`. */
  audio(frame: WireAudioFrame, receivedAtMs?: number): void {
    const { r } = this;
    this.lastActivityAt = r.now();
    r.quiet.audio();
    if (!r.utterances.frame(frame)) {
      if (r.recognitions.drops(frame.turnId, frame.seq)) return;
      // A resumed client replays audio of utterances already handled: drop it quietly.
      if (r.progress.isReplayedFrame(frame.turnId, frame.seq)) {
        r.notify((o) => o.micFrames('duplicate', 1));
        return;
      }
      throw RelayError.unknownTurn(frame.turnId);
    }
    if (receivedAtMs !== undefined)
      r.notify((o) => o.audioRelayed((r.now() - receivedAtMs) / 1000));
  }

  /**
   * Stops everything in flight, records the end in storage and frees the user's slot. The
   * session can no longer be used. Resolves when every write it started is committed. With
   * `{ resumable: true }` (relay shutdown) it saves its resume state instead of ending, so a
   * restarted relay can take it back.
   */
  async close(reason: string, options: { resumable?: boolean } = {}): Promise<void> {
    const { r } = this;
    if (r.attached.closed) return;
    r.attached.close();
    const u = r.utterances.close(reason);
    r.turns.close(reason, options.resumable === true);
    r.tools.close();
    r.init.release();
    await r.turns.idle();
    r.out.close();
    await r.recorder.idle();
    r.traces?.close();
    if (u) await r.recorder.storeLooseUsage(u.turnId, 'usage of an unfinished utterance');
    try {
      if (options.resumable) await r.resume.saveForElsewhere();
      else await r.storage.sessions.end(this.id, reason);
    } catch (err) {
      logFailure(this.log, err, 'could not record the end of the session');
    }
    // One line an operator's log checks read: its turns, their latencies and its cost.
    const { turns, statuses, latencies } = r.latencies.summary();
    this.log.info(
      {
        reason,
        messages: r.history.length,
        costMicros: r.billing.sessionMicros,
        turns,
        statuses,
        latencies,
      },
      'session closed',
    );
  }

  /** Resolves when the turn being answered (if any) has finished and been recorded. */
  async idle(): Promise<void> {
    await this.r.turns.idle();
    await this.r.recorder.idle();
  }

  private startUtterance(message: Extract<SessionMessage, { type: 'utterance.start' }>): void {
    const { turnId, firstSeq, traceId } = message;
    const { progress, utterances, billing } = this.r;
    const replayedStart = progress.replaysExpected && utterances.current?.turnId === turnId;
    if (progress.isReplay(turnId) || replayedStart) return;
    progress.assertNew(turnId);
    const stop = billing.allow(asrUsage(this.r.asrId, 60_000));
    if (stop) return this.r.attached.current?.fail(stop);
    // The reply being answered goes on: this may be a cough. An `interrupt` (the user really
    // spoke over it) or the end of this utterance (a new question) stops it.
    progress.take(turnId);
    this.r.prefs.turnStarted(turnId);
    const trace = this.r.turnLogs.open(turnId, traceId);
    // An utterance still going is replaced by this one (see Utterances.start).
    const going = utterances.current?.turnId;
    if (going !== undefined && going !== turnId) this.r.traces?.end(going, 'replaced');
    // The recogniser's requests (its socket's upgrade) carry the recognition's span.
    const traced = this.r.traces?.open(turnId, trace, 'spoken');
    const refused = withTraceparent(traced?.recognition?.traceparent, () =>
      utterances.start(turnId, firstSeq, trace, message.overReply === true),
    );
    if (refused) {
      this.r.traces?.end(turnId, 'refused');
      return this.r.out.for(turnId).error(refused);
    }
    billing.refreshUserDay();
  }

  private cancelUtterance(turnId: number): void {
    const { utterances, progress } = this.r;
    if (utterances.current?.turnId !== turnId)
      return progress.cancelledGone(this.r.recognitions.cancelRefused(turnId));
    const u = utterances.abandon('cancelled by client');
    if (u) progress.acknowledge(u.lastSeq);
    this.r.traces?.end(turnId, 'cancelled');
    this.r.turnLogs.of(turnId).debug('utterance cancelled');
  }

  private endUtterance(message: Extract<SessionMessage, { type: 'utterance.end' }>): void {
    const { turnId, lastSeq } = message;
    const { utterances, progress } = this.r;
    const u = utterances.end(turnId);
    if (!u) {
      const refused = this.r.recognitions.endRefused(turnId, lastSeq);
      if (refused) {
        this.r.out.emit(turnId, refused.done);
        return progress.acknowledge(refused.ackSeq);
      }
      if (progress.endReplayed(turnId, lastSeq)) return;
      throw RelayError.unknownTurn(turnId);
    }
    if (lastSeq !== u.lastSeq)
      this.r.turnLogs
        .of(turnId)
        .warn({ lastSeq, received: u.lastSeq }, 'utterance ended with missing audio');
    this.r.turns.answerSpoken(u, message, (spec, reason) =>
      utterances.dropped(turnId, spec, reason),
    );
  }

  /** The user typed a message: it replaces what they were saying, and is answered. */
  private answerTyped(message: Extract<SessionMessage, { type: 'user.text' }>): void {
    const { turnId, text, traceId } = message;
    if (!this.startTyped(turnId)) return;
    const trace = this.r.turnLogs.open(turnId, traceId);
    this.r.traces?.open(turnId, trace, 'typed');
    this.r.turns.answerTyped(turnId, trace, text, message.speak === false);
  }

  /**
   * The user asked the question of an earlier turn again (its answer failed): a turn of its own
   * on the words the relay has of that turn, which replaces it.
   */
  private answerRetry(message: Extract<SessionMessage, { type: 'turn.retry' }>): void {
    const { turnId, retryOf, traceId, text } = message;
    if (!this.startTyped(turnId)) return;
    const trace = this.r.turnLogs.open(turnId, traceId);
    this.r.traces?.open(turnId, trace, 'typed');
    this.r.turns.answerRetry(turnId, trace, { retryOf, text }, message.speak === false);
  }

  /**
   * The user tapped Confirm or Decline on calls awaiting their yes: a turn as if they had said
   * it. The tap answers the question it names only: one no longer awaited decides nothing (its
   * turn says so, and asks again what is awaited now), whatever the words it is shown as.
   */
  private answerTapped(message: Extract<SessionMessage, { type: 'tool.answer' }>): void {
    const { turnId, traceId, confirmId, confirmed } = message;
    if (!this.startTyped(turnId)) return;
    const trace = this.r.turnLogs.open(turnId, traceId);
    this.r.traces?.open(turnId, trace, 'typed');
    const text = confirmed ? 'Yes.' : 'No.';
    this.r.turns.answerTyped(turnId, trace, text, false, { confirmId, confirmed });
  }

  /** A typed turn `turnId` starts (false: a replay, already handled). */
  private startTyped(turnId: number): boolean {
    const { progress } = this.r;
    if (progress.isReplay(turnId)) return false;
    progress.assertNew(turnId);
    const replaced = this.r.utterances.abandon('replaced by a typed message');
    if (replaced) this.r.traces?.end(replaced.turnId, 'replaced');
    progress.take(turnId);
    this.r.prefs.turnStarted(turnId);
    this.r.billing.refreshUserDay();
    return true;
  }
}
