import type { Eagerness } from '@parley/shared';
import { TalkClient } from '../../relay/src/talk/client.ts';
import { endedText, UtteranceStreamer, type StreamOptions } from '../../relay/src/talk/stream.ts';
import { SHIPPED_RECOGNISER } from '../../relay/test/relay-process.ts';
import { utteranceAudio } from './audio.ts';
import { pauseReadingText, type Outcome, type Rule } from './report.ts';
import { speakerName, wholeText, type EndOfTurnUtterance } from './utterances.ts';

/**
 * The relay's recogniser for a run: `asr` (`ASR_PROVIDERS`), or the shipped default (Moonshine
 * writing, PocketSphinx listening) when absent — over startTestRelay's pinned PocketSphinx.
 */
export function recogniserEnv(asr: string | undefined): Record<string, string> {
  return asr === undefined ? { ...SHIPPED_RECOGNISER } : { ASR_PROVIDERS: asr };
}

/** The recogniser of {@link recogniserEnv}, as a report names it. */
export function recogniserName(asr: string | undefined): string {
  return asr === undefined
    ? 'the shipped default (`ASR_PROVIDERS` unset: Moonshine writes, PocketSphinx listens)'
    : `\`ASR_PROVIDERS=${asr}\``;
}

export interface StreamSetOptions {
  rules: readonly Rule[];
  eagerness: Eagerness;
  /** Where the utterances' audio is made and kept. */
  audioDir: string;
  /** Told each outcome as it comes (progress). */
  onOutcome?: (o: Outcome, index: number) => void;
}

/** One rule's conversation with the relay, warmed by one turn (not measured). */
interface Talker {
  client: TalkClient;
  streamer: UtteranceStreamer;
  options: StreamOptions;
}

/**
 * Streams each utterance of `set` in real time through the headless client (`pnpm talk`'s
 * streamer, which ends turns as the app does) into the relay at `wsUrl`, under every rule in
 * turn: a conversation per rule, each warmed by one turn first.
 */
export async function streamSet(
  wsUrl: string,
  set: readonly EndOfTurnUtterance[],
  o: StreamSetOptions,
): Promise<Outcome[]> {
  const warm = await utteranceAudio({ kind: 'complete', text: 'hello', voice: 'slt' }, o.audioDir);
  const talker = async (rule: Rule): Promise<Talker> => {
    const client = await TalkClient.connect(wsUrl);
    const streamer = new UtteranceStreamer(client);
    const options: StreamOptions = {
      endOfTurn: rule === 'fixed' ? 'fixed' : { eagerness: o.eagerness },
      prosody: rule === 'policy',
    };
    // The decoder and the voice are warm before anything is measured.
    await streamer.stream(warm.samples, options);
    return { client, streamer, options };
  };
  const outcomes: Outcome[] = [];
  const talkers = new Map<Rule, Talker>();
  try {
    for (const rule of o.rules) talkers.set(rule, await talker(rule));
    // Each utterance under every rule in turn, so a machine that gets busier (it is shared)
    // slows every rule alike.
    for (const [i, u] of set.entries()) {
      const { samples } = await utteranceAudio(u, o.audioDir);
      for (const rule of o.rules) {
        let t = talkers.get(rule) ?? (await talker(rule));
        if (t.client.ended) {
          // One conversation ended by the relay (once, under load) must not void the rest of
          // the run: a new one, warmed the same way, and said in the output.
          console.log(`${rule}: ${endedText(t.client.ended)}; a new conversation`);
          t.client.close();
          t = await talker(rule);
          talkers.set(rule, t);
        }
        const reports = await t.streamer.stream(samples, t.options);
        const first = reports[0];
        const outcome: Outcome = {
          rule,
          kind: u.kind,
          voice: speakerName(u),
          text: wholeText(u),
          heard: reports.map((r) => r.transcript),
          turns: reports.length,
          endpointingMs: first?.timings.endpointingMs ?? null,
          voiceToVoiceMs: reports.length === 1 ? (first?.timings.voiceToVoiceMs ?? null) : null,
          endOfTurn: reports.at(-1)?.endOfTurn ?? null,
          firstEndOfTurn: first?.endOfTurn ?? null,
          pauseVoices: first?.pauseVoices ?? [],
          pauseWords: (t.client.turns.get(first?.turnId ?? -1)?.partials ?? []).flatMap((p) =>
            p.pauseSeq === undefined ? [] : [pauseReadingText(p)],
          ),
        };
        outcomes.push(outcome);
        o.onOutcome?.(outcome, i);
      }
    }
  } finally {
    for (const t of talkers.values()) t.client.close();
  }
  return outcomes;
}
