import { FrameKind, encodeAudioFrame, encodeMessage } from '../protocol/codec.ts';
import { encodeOpusFrame, type WireAudioFrame } from '../protocol/opus-frame.ts';
import type {
  ClientMessage,
  HelloMessage,
  ReadyMessage,
  ServerMessage,
} from '../protocol/messages.ts';
import { Downlink } from './downlink.ts';
import { handOffItemOf, uplinkItemOf, type HandOffResume } from './page-hand-off.ts';
import { SOCKET_OPEN, type SocketLike } from './socket-like.ts';
import { UplinkJournal, type AudioItem, type UplinkItem } from './uplink-journal.ts';

/**
 * What a reconnect needs to resume the same session rather than start a new one: the session's
 * id and secret (sent in the next `hello`), the turn output the client already has (the relay
 * resends the rest, a duplicate is dropped here) and what the client sent that the relay has not
 * acknowledged (an {@link UplinkJournal}, replayed once the session is resumed). Touches no
 * socket but through {@link sendUplink}.
 */
export class ClientResume {
  private readonly journal: UplinkJournal;
  private readonly downlink = new Downlink();
  private session: { id: string; secret: string } | null = null;

  constructor(replayCapacityChunks: number) {
    this.journal = new UplinkJournal(replayCapacityChunks);
  }

  /**
   * What the page before this one handed over (see page-hand-off.ts): its session, resumed by
   * the next `hello`; the output it had; what the relay had not acknowledged, in order (beyond
   * `replayCapacityChunks`, the newest are kept and the rest counted lost, as in a long outage);
   * the reply it cut, whose audio still to come is not played.
   */
  static fromHandOff(h: HandOffResume, replayCapacityChunks: number): ClientResume {
    const resume = new ClientResume(replayCapacityChunks);
    resume.session = { id: h.sessionId, secret: h.secret };
    resume.downlink.lastSeq = h.lastSeq;
    if (h.cutTurnId !== undefined) resume.downlink.cut(h.cutTurnId);
    for (const item of h.uplink) resume.journal.record(uplinkItemOf(item));
    resume.journal.overflowed += h.lostChunks;
    resume.journal.hadUpTo(h.nextSeq - 1);
    return resume;
  }

  /**
   * What the next page of the tab needs to resume this session (null before the relay accepted
   * one): written at `pagehide` (see page-hand-off.ts).
   */
  handOff(): Omit<HandOffResume, 'cutTurnId'> | null {
    if (!this.session) return null;
    return {
      sessionId: this.session.id,
      secret: this.session.secret,
      lastSeq: this.downlink.lastSeq,
      uplink: this.journal.replay().map(handOffItemOf),
      lostChunks: this.journal.overflowed,
      nextSeq: this.journal.nextSeq,
    };
  }

  /** The seq a new microphone stream starts at (above every chunk of the session). */
  get nextMicSeq(): number {
    return this.journal.nextSeq;
  }

  /** Chunks the relay has not acknowledged yet. */
  get unackedChunks(): number {
    return this.journal.unackedChunks;
  }

  /** Chunks lost because the journal overflowed during a long outage. */
  get lostChunks(): number {
    return this.journal.overflowed;
  }

  /** Microphone chunks kept for a resend at most (older ones are lost: `lostChunks`). */
  get replayCapacityChunks(): number {
    return this.journal.capacityChunks;
  }

  /** Typed messages kept until their turn is answered (sent again after a reconnect). */
  get unansweredTyped(): number {
    return this.journal.unansweredTyped;
  }

  /** The session's id once the relay accepted it (null before). */
  get sessionId(): string | null {
    return this.session?.id ?? null;
  }

  /** The relay accepted a session: a reconnect resumes it. */
  get started(): boolean {
    return this.session !== null;
  }

  /** The last turn-output seq the client has. */
  get lastSeq(): number {
    return this.downlink.lastSeq;
  }

  /**
   * Keeps a control message that must reach the relay: utterance messages (its pauses and
   * resumes too, in their place among its chunks) and typed messages.
   */
  keepMessage(message: ClientMessage): void {
    if (
      message.type === 'utterance.start' ||
      message.type === 'utterance.end' ||
      message.type === 'utterance.cancel' ||
      message.type === 'utterance.pause' ||
      message.type === 'utterance.resume' ||
      message.type === 'user.text'
    ) {
      this.journal.record({ kind: 'message', message });
    }
  }

  /** Keeps a microphone chunk until the relay acknowledges it. */
  keepAudio(item: AudioItem): void {
    this.journal.record(item);
  }

  /** The next `hello`'s `resume` (none before the relay accepted a session). */
  helloResume(): HelloMessage['resume'] {
    if (!this.session) return undefined;
    return {
      sessionId: this.session.id,
      secret: this.session.secret,
      lastSeq: this.downlink.lastSeq,
    };
  }

  /**
   * The relay is ready: whether it resumed the session this client had. What it had not
   * acknowledged is to be sent again (`replay`).
   */
  ready(m: ReadyMessage): boolean {
    const resumed = this.session !== null && m.resumed;
    if (!m.resumed) this.downlink.reset();
    this.session = { id: m.sessionId, secret: m.resumeSecret };
    this.journal.ack(m.ackedSeq);
    return resumed;
  }

  /** Whatever the relay has not acknowledged, in order (it drops duplicates). */
  replay(): UplinkItem[] {
    return this.journal.replay();
  }

  /** The relay has everything up to `seq`. */
  ack(seq: number): void {
    this.journal.ack(seq);
  }

  /** The turn's output is all here: its typed message is done with. */
  answered(turnId: number): void {
    this.journal.answered(turnId);
  }

  /** Reply audio, or null when the client had it already. */
  audio(frame: WireAudioFrame): WireAudioFrame | null {
    return this.downlink.audio(frame);
  }

  /** Turn output, or null when the client had it already. */
  message(m: ServerMessage): ServerMessage | null {
    return this.downlink.message(m);
  }
}

/** Sends what the client keeps; microphone audio only over an open socket. */
export function sendUplink(socket: SocketLike | null, item: UplinkItem): void {
  if (item.kind === 'message') {
    socket?.send(encodeMessage(item.message));
    return;
  }
  if (socket?.readyState !== SOCKET_OPEN) return;
  const head = {
    kind: FrameKind.Mic,
    seq: item.chunk.seq,
    turnId: item.turnId,
    timestampMs: item.timestampMs,
  };
  socket.send(
    item.packets
      ? encodeOpusFrame({ ...head, packets: item.packets })
      : encodeAudioFrame({ ...head, samples: item.chunk.samples }),
  );
}
