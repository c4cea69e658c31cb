import { isOpusFrame, type WireAudioFrame } from '../protocol/opus-frame.ts';
import { opusPacketSamples48k } from '../protocol/opus-packets.ts';
import type { ServerMessage } from '../protocol/messages.ts';

/** What the client has of one turn's output. */
interface TurnHad {
  /** `turn.done` arrived: the turn is complete here. */
  done: boolean;
  /** Reply text received (characters of `reply.delta`). */
  chars: number;
  /**
   * Reply audio received (samples; of Opus, at 48 kHz — a session's replies are all of one
   * codec).
   */
  samples: number;
  /** Segments received (highest index + 1). */
  segments: number;
  /**
   * Set once the turn's output starts over (its `transcript.final` again): how far the new
   * output has come, to line it up with what was already received.
   */
  rerun: { chars: number; samples: number } | null;
}

/** Turns remembered: the one being answered and a few before it. */
const KEPT_TURNS = 4;

/**
 * Lines up the output of a turn answered twice with what the client already has, so the user
 * hears and reads each part of a reply once. A relay that dies while a reply streams loses it;
 * the client replays the utterance (never acknowledged) and the restarted relay answers it again
 * under the same turn id, with new sequence numbers, from the start. Its output is recognised by
 * a second `transcript.final` for the turn: from there on, reply text and audio are passed on
 * only past what was received the first time (by position: characters and samples), segments
 * only past those received, and nothing at all of a turn that was already done. The relay's
 * answers are deterministic for the embedded providers; an LLM may word the second answer
 * differently, and the user then hears the first answer's start and the second's rest.
 *
 * Pure: no timers, no I/O. Sequence-number duplicates are dropped before this (by seq).
 */
export class RerunFilter {
  private readonly turns = new Map<number, TurnHad>();

  /** A new session: nothing is known of its turns. */
  reset(): void {
    this.turns.clear();
  }

  /** The message to pass on (possibly shortened), or null to drop it. */
  message(m: ServerMessage): ServerMessage | null {
    switch (m.type) {
      case 'transcript.final': {
        const had = this.turns.get(m.turnId);
        if (!had) {
          this.track(m.turnId);
          return m;
        }
        had.rerun = { chars: 0, samples: 0 };
        return null;
      }
      case 'reply.delta': {
        const had = this.turn(m.turnId);
        if (had.done) return null;
        if (!had.rerun) {
          had.chars += m.text.length;
          return m;
        }
        const skip = had.chars - had.rerun.chars;
        had.rerun.chars += m.text.length;
        if (skip >= m.text.length) return null;
        const text = skip > 0 ? m.text.slice(skip) : m.text;
        had.chars += text.length;
        return { ...m, text };
      }
      case 'reply.segment': {
        const had = this.turn(m.turnId);
        if (had.done) return null;
        // Outside a rerun, an index sent again is the relay's own: a sentence its voice broke
        // off is said again from there (by the next voice). In a rerun, it was received already.
        if (had.rerun && m.index < had.segments) return null;
        had.segments = Math.max(had.segments, m.index + 1);
        return m;
      }
      case 'turn.done': {
        const had = this.turn(m.turnId);
        if (had.done) return null;
        had.done = true;
        return m;
      }
      default:
        return m;
    }
  }

  /**
   * The reply-audio frame to pass on (possibly shortened), or null to drop it. Opus frames are
   * shortened by whole packets: both answers are framed in whole packets from the reply's
   * first sample, so what was received ends on a packet's edge.
   */
  audio(frame: WireAudioFrame): WireAudioFrame | null {
    const had = this.turn(frame.turnId);
    if (had.done) return null;
    const n = isOpusFrame(frame) ? frame.samples48k : frame.samples.length;
    if (!had.rerun) {
      had.samples += n;
      return frame;
    }
    const skip = had.samples - had.rerun.samples;
    had.rerun.samples += n;
    if (skip >= n) return null;
    if (skip <= 0) {
      had.samples += n;
      return frame;
    }
    if (!isOpusFrame(frame)) {
      had.samples += n - skip;
      return { ...frame, samples: frame.samples.subarray(skip) };
    }
    const rest = packetsAfter(frame.packets, skip);
    had.samples += rest.samples48k;
    return rest.packets.length > 0 ? { ...frame, ...rest } : null;
  }

  private turn(turnId: number): TurnHad {
    return this.turns.get(turnId) ?? this.track(turnId);
  }

  private track(turnId: number): TurnHad {
    const had: TurnHad = { done: false, chars: 0, samples: 0, segments: 0, rerun: null };
    this.turns.set(turnId, had);
    for (const old of this.turns.keys()) {
      if (this.turns.size <= KEPT_TURNS) break;
      this.turns.delete(old);
    }
    return had;
  }
}

/**
 * The packets of `packets` after its first `skip` samples (at 48 kHz), whole: one that `skip`
 * ends inside of is kept (a few ms heard twice rather than a packet lost).
 */
function packetsAfter(
  packets: readonly Uint8Array[],
  skip: number,
): { packets: Uint8Array[]; samples48k: number } {
  const kept: Uint8Array[] = [];
  let at = 0;
  let samples48k = 0;
  for (const p of packets) {
    const n = opusPacketSamples48k(p) ?? 0;
    if (at + n > skip) {
      kept.push(p);
      samples48k += n;
    }
    at += n;
  }
  return { packets: kept, samples48k };
}
