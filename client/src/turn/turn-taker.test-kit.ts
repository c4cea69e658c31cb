import type { ClientMessage } from '@parley/shared';
import type { AudioPlayer } from '../audio/player.ts';
import { VAD_FRAME_SAMPLES } from '../audio/vad.ts';
import { TurnTaker, type TurnTakerDeps, type TurnTakerEvents } from './turn-taker.ts';

/** A turn-taker's events, ignored unless a test listens to some of them (`listen`). */
export function quietEvents(listen: Partial<TurnTakerEvents> = {}): TurnTakerEvents {
  return {
    phase: () => undefined,
    userTurn: () => undefined,
    userTurnDropped: () => undefined,
    trace: () => undefined,
    interrupted: () => undefined,
    ...listen,
  };
}

/** An audio output that plays nothing: nothing was played, nothing silenced. */
export function silentPlayer(): AudioPlayer {
  return {
    pause: () => Promise.resolve(),
    resume: () => undefined,
    stop: () => Promise.resolve(),
    playedSamplesAt: () => 0,
    silencedAtMs: () => undefined,
  } as unknown as AudioPlayer;
}

/**
 * A turn-taker's deps for scenarios that send the VAD's events themselves: its own end of speech
 * ends turns (the VAD's fixed rule), a 16 kHz stream whose sample n was captured at n / 16 ms,
 * replies at 16 kHz, full duplex, turns from 1, events ignored. `deps` gives the wire and the
 * player, and may change any of the rest.
 */
export function scenarioDeps(
  deps: Pick<TurnTakerDeps, 'send' | 'sendChunk' | 'player'> & Partial<TurnTakerDeps>,
): TurnTakerDeps {
  return {
    events: quietEvents(),
    epochMsOf: (sample) => sample / 16,
    outputRateHz: 16_000,
    duplex: 'full',
    firstTurnId: 1,
    endSpeech: () => undefined,
    eagerness: 'balanced',
    endOfTurnRule: 'fixed',
    vadThresholds: { positive: 0.3, negative: 0.25 },
    ...deps,
  };
}

/** What went to the relay, in order: `start:1@6`, `audio:1#7`, `end:1..12`, `cancel:1`. */
export function uplink() {
  const sent: string[] = [];
  const seqs: number[] = [];
  const turns = new TurnTaker(
    scenarioDeps({
      send: (m: ClientMessage) => {
        if (m.type === 'utterance.start') sent.push(`start:${m.turnId}@${m.firstSeq}`);
        else if (m.type === 'utterance.end') sent.push(`end:${m.turnId}..${m.lastSeq}`);
        else if (m.type === 'utterance.cancel') sent.push(`cancel:${m.turnId}`);
      },
      sendChunk: (chunk, turnId) => {
        seqs.push(chunk.seq);
        sent.push(`audio:${turnId}#${chunk.seq}`);
      },
      player: silentPlayer(),
      outputRateHz: 24_000,
    }),
  );
  /** Audio at stream position `from` for `ms`, in 20 ms blocks; returns where it ends. */
  const speak = (from: number, ms: number, level = 0.3) => {
    let at = from;
    for (let i = 0; i < ms / 20; i++) {
      turns.captured(new Float32Array(320).fill(level), at, 20 * Math.log10(level));
      at += 320;
    }
    return at;
  };
  const speechStart = (sample: number) =>
    turns.vad({
      type: 'speechStart',
      startSample: sample,
      paddedStartSample: sample,
      decidedAtSample: sample + 512,
    });
  const confirmed = (sample: number) =>
    turns.vad({ type: 'speechRealStart', startSample: sample, decidedAtSample: sample + 6400 });
  return { turns, sent, seqs, speak, speechStart, confirmed };
}

/**
 * Drives `turns` at its stream's end: `vad(type)` sends the VAD's event there, `sound(ms, loud)`
 * captures `ms` of sound (loud) or silence with the VAD's frames over it, and `replyPlays()`
 * has the user ask a question (turn 1) whose reply then plays.
 */
export function streamDriver(turns: TurnTaker) {
  const vad = (type: 'speechStart' | 'speechRealStart' | 'speechEnd' | 'misfire') => {
    const at = turns.streamEndSample;
    turns.vad({ type, startSample: at, paddedStartSample: at, endSample: at, decidedAtSample: at });
  };
  const sound = (ms: number, loud: boolean) => {
    for (let i = 0; i < ms / 32; i++) {
      const at = turns.streamEndSample;
      const level = loud ? 0.3 : 0.0005;
      turns.captured(new Float32Array(VAD_FRAME_SAMPLES).fill(level), at, 20 * Math.log10(level));
      turns.vad({ type: 'frame', startSample: at, probability: loud ? 0.9 : 0.02 });
    }
  };
  const replyPlays = () => {
    vad('speechStart');
    sound(600, true);
    vad('speechRealStart');
    vad('speechEnd');
    sound(400, false);
    turns.replyAudio(1);
  };
  return { vad, sound, replyPlays };
}
