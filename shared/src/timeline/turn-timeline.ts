import type { TurnMarks } from '../protocol/messages.ts';
import type { ClockEstimate } from './clock-offset.ts';

/** What the client saw of a turn, on its own clock (epoch ms). */
export interface ClientMarks {
  /** The VAD's end of speech (last speech sample), or the moment a typed message was sent. */
  speechEndAtMs?: number;
  /** utterance.end (or user.text) sent. */
  endSentAtMs?: number;
  /** The page's end-of-turn policy found the turn over (before the VAD closed the segment). */
  endDecidedAtMs?: number;
  /** When the audio the policy decided on was captured (its end): how far behind it ran. */
  endDecidedAudioAtMs?: number;
  firstAudioReceivedAtMs?: number;
  /** The first reply sample left the playback worklet for the speaker. */
  firstSamplePlayedAtMs?: number;
  /** The user spoke over the reply and playback was silenced. */
  bargeInAtMs?: number;
}

export type PointName =
  | 'speechEnd'
  | 'endSent'
  | 'endReceived'
  | 'asrFinal'
  | 'llmRequest'
  | 'llmFirstToken'
  | 'ttsRequest'
  | 'ttsFirstAudio'
  | 'firstAudioSent'
  | 'firstAudioReceived'
  | 'firstSamplePlayed'
  | 'bargeIn';

export interface TimelinePoint {
  name: PointName;
  /** On the client's clock (epoch ms). */
  atMs: number;
  /** Measured on the relay and mapped with the clock estimate. */
  relay: boolean;
}

export type StageName =
  | 'endpointing'
  | 'uplink'
  | 'asr'
  | 'llmTtft'
  | 'ttsTtfb'
  | 'downlink'
  | 'playbackBuffer'
  | 'voiceToVoice';

export interface TimelineStage {
  name: StageName;
  startMs: number;
  endMs: number;
  durationMs: number;
  /** ± bound from the clock estimate when the stage spans both clocks; 0 otherwise. */
  errorMs: number;
}

export interface TurnTimeline {
  points: TimelinePoint[];
  stages: TimelineStage[];
  /** The clock estimate used (null: relay points could not be placed). */
  clock: ClockEstimate | null;
}

const RELAY_POINTS: [PointName, keyof TurnMarks][] = [
  ['endReceived', 'endReceivedAtMs'],
  ['asrFinal', 'asrFinalAtMs'],
  ['llmRequest', 'llmRequestAtMs'],
  ['llmFirstToken', 'llmFirstTokenAtMs'],
  ['ttsRequest', 'ttsRequestAtMs'],
  ['ttsFirstAudio', 'ttsFirstAudioAtMs'],
  ['firstAudioSent', 'firstAudioSentAtMs'],
];

/** Stages as [name, from, to]; a stage is drawn when both ends are known. */
const STAGES: [StageName, PointName, PointName][] = [
  ['endpointing', 'speechEnd', 'endSent'],
  ['uplink', 'endSent', 'endReceived'],
  ['asr', 'endReceived', 'asrFinal'],
  ['llmTtft', 'llmRequest', 'llmFirstToken'],
  ['ttsTtfb', 'ttsRequest', 'ttsFirstAudio'],
  ['downlink', 'firstAudioSent', 'firstAudioReceived'],
  ['playbackBuffer', 'firstAudioReceived', 'firstSamplePlayed'],
  ['voiceToVoice', 'speechEnd', 'firstSamplePlayed'],
];

/**
 * Puts a turn's client and relay marks on one clock (the client's) and derives its stages.
 * Relay marks need a clock estimate; without one only client-side stages appear. Pure.
 */
export function buildTimeline(
  client: ClientMarks,
  relay: TurnMarks | undefined,
  clock: ClockEstimate | null,
): TurnTimeline {
  const points: TimelinePoint[] = [];
  const add = (name: PointName, atMs: number | undefined, fromRelay: boolean) => {
    if (atMs !== undefined && Number.isFinite(atMs)) points.push({ name, atMs, relay: fromRelay });
  };
  add('speechEnd', client.speechEndAtMs, false);
  add('endSent', client.endSentAtMs, false);
  if (relay && clock) {
    for (const [name, key] of RELAY_POINTS) {
      const at = relay[key];
      add(name, at === undefined ? undefined : at - clock.offsetMs, true);
    }
  }
  add('firstAudioReceived', client.firstAudioReceivedAtMs, false);
  add('firstSamplePlayed', client.firstSamplePlayedAtMs, false);
  add('bargeIn', client.bargeInAtMs, false);
  points.sort((a, b) => a.atMs - b.atMs);

  const at = new Map(points.map((p) => [p.name, p]));
  const stages: TimelineStage[] = [];
  for (const [name, from, to] of STAGES) {
    const a = at.get(from);
    const b = at.get(to);
    if (!a || !b) continue;
    const crosses = a.relay !== b.relay;
    stages.push({
      name,
      startMs: a.atMs,
      endMs: b.atMs,
      durationMs: b.atMs - a.atMs,
      errorMs: crosses && clock ? clock.errorMs : 0,
    });
  }
  return { points, stages, clock };
}
