import { savePreferences } from '../../relay/test/clients.ts';
import { TalkClient } from '../../relay/src/talk/client.ts';
import { UtteranceStreamer } from '../../relay/src/talk/stream.ts';
import { startTestRelay } from '../../relay/test/harness.ts';
import { espeakSet, espeakSpeakerName, type BenchLanguage } from '../end-of-turn/espeak-set.ts';
import { spokenUtterance } from '../speech/spoken-utterance.ts';
import { startStreamingRecogniser } from '../speech/streaming-recogniser.ts';
import { hostedRelayEnv, sayUtterance, startHostedFake } from './measure.ts';
import type { HostedLatency, HostedOutcome } from './report.ts';

/** A reply per language that starts with a clause before its first sentence ends. */
export const LANGUAGE_REPLIES: Readonly<Record<BenchLanguage, string>> = {
  en: 'That is a good question, and the short answer is yes. Here is a little more detail about it.',
  nl: 'Dat is een goede vraag, en het korte antwoord is ja. Hier is wat meer uitleg erover.',
};

/**
 * Voice to voice in `language` at hosted latencies (issue 62, item 5): the end-of-turn held-out
 * set's finished sentences of that language (the first `only`), said by eSpeak NG's speakers of
 * it, recognised by a fake Deepgram at the network boundary (the script's words at their times,
 * each `wordDelayMs` after its audio), answered and voiced by the fake OpenAI at `latency`; the
 * user's language preference saved first.
 */
export async function runLanguage(o: {
  language: BenchLanguage;
  latencies: readonly HostedLatency[];
  rules: readonly ('fixed' | 'policy')[];
  only: number;
  wordDelayMs: number;
  log: (line: string) => void;
}): Promise<HostedOutcome[]> {
  const set = espeakSet(o.language, 'held-out')
    .filter((u) => u.kind === 'complete')
    .slice(0, o.only);
  const recogniser = await startStreamingRecogniser(o.wordDelayMs);
  const outcomes: HostedOutcome[] = [];
  try {
    for (const latency of o.latencies) {
      const fake = await startHostedFake(latency, LANGUAGE_REPLIES[o.language]);
      // The streaming fake recognises: no embedded recogniser's spares.
      const hosted = Object.entries(hostedRelayEnv(fake)).filter(
        ([k]) => k !== 'POCKETSPHINX_SPARES',
      );
      const relay = await startTestRelay({ ...Object.fromEntries(hosted), ...recogniser.env });
      try {
        if ((await savePreferences(relay.url, { language: o.language })).status !== 200)
          throw new Error('could not save the language preference');
        for (const rule of o.rules) {
          const client = await TalkClient.connect(relay.wsUrl);
          const streamer = new UtteranceStreamer(client);
          const endOfTurn = rule === 'fixed' ? ('fixed' as const) : {};
          // One turn first: the connections and the voice are warm before anything counts.
          const first = set[0];
          if (first === undefined) throw new Error('no finished sentences to say');
          const warm = await spokenUtterance(first, first.speaker);
          recogniser.hear(warm.samples, warm.words);
          await streamer.stream(warm.samples, { endOfTurn });
          for (const [i, u] of set.entries()) {
            const spoken = await spokenUtterance(u, u.speaker);
            recogniser.hear(spoken.samples, spoken.words);
            const said = {
              text: u.text,
              voice: espeakSpeakerName(u.speaker),
            };
            const { figures } = await sayUtterance(streamer, fake, said, spoken.samples, endOfTurn);
            const outcome: HostedOutcome = { latency, rule, ...figures };
            outcomes.push(outcome);
            o.log(
              `${o.language} ${latency.firstTokenMs}/${latency.firstSpeechMs} ${rule} ${i + 1}/${set.length} ${JSON.stringify(outcome)}`,
            );
          }
          client.close();
        }
      } finally {
        await relay.close();
        await fake.close();
      }
    }
  } finally {
    await recogniser.close();
  }
  return outcomes;
}
