import type { WireAudioFrame } from '../protocol/opus-frame.ts';
import type { ServerMessage } from '../protocol/messages.ts';
import { RerunFilter } from './rerun-filter.ts';

/**
 * What the client has of the relay's turn output: the last `seq` handled (what it resumes from
 * and confirms in its heartbeats), so replayed output is dropped, and the output of a turn
 * answered a second time lined up with what was already received (see {@link RerunFilter}).
 * Pure.
 */
export class Downlink {
  /** Highest turn-output seq handled (-1: none). */
  lastSeq = -1;
  private readonly reruns = new RerunFilter();
  /** A reply cut where it was heard by a page gone since: its audio still to come is dropped. */
  private cutTurnId: number | null = null;

  /** A new session: numbering starts again. */
  reset(): void {
    this.lastSeq = -1;
    this.cutTurnId = null;
    this.reruns.reset();
  }

  /** Turn `turnId`'s reply was cut where it was heard: later audio of it is not played. */
  cut(turnId: number): void {
    this.cutTurnId = turnId;
  }

  /** The reply-audio frame to pass on, or null (already handled, or already heard, or cut). */
  audio(frame: WireAudioFrame): WireAudioFrame | null {
    if (frame.seq <= this.lastSeq) return null;
    this.lastSeq = frame.seq;
    if (frame.turnId === this.cutTurnId) return null;
    return this.reruns.audio(frame);
  }

  /** The control message to pass on, or null (already handled, or already received). */
  message(m: ServerMessage): ServerMessage | null {
    switch (m.type) {
      case 'transcript.final':
      case 'reply.delta':
      case 'reply.segment':
      case 'reply.truncated':
      case 'turn.done':
      case 'tool.call':
      case 'tool.result':
      case 'tool.confirm':
      case 'tool.progress':
        if (m.seq <= this.lastSeq) return null; // replayed: already handled
        this.lastSeq = m.seq;
        return this.reruns.message(m);
      default:
        return m;
    }
  }
}
