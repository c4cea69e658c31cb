import {
  ProviderConnections,
  useProviderConnections,
  type ProviderConnectionsOptions,
} from '../../relay/src/providers/net/connections.ts';
import { TalkClient } from '../../relay/src/talk/client.ts';
import { UtteranceStreamer } from '../../relay/src/talk/stream.ts';
import { fakeTls } from '../../relay/test/fakes/certificate.ts';
import { startTestRelay } from '../../relay/test/harness.ts';
import { utteranceAudio } from '../end-of-turn/audio.ts';
import type { CompleteUtterance } from '../end-of-turn/utterances.ts';
import type { ConnectionMode, ConnectionOutcome } from './connections-report.ts';
import { hostedRelayEnv, sayUtterance, startHostedFake } from './measure.ts';
import type { HostedLatency } from './report.ts';

/** The relay's provider connections in each mode. */
const MODES: Record<ConnectionMode, ProviderConnectionsOptions> = {
  warm: {},
  cold: { warmUp: false },
  node: { warmUp: false, keepAliveMs: 4_000 },
};

/** A `--connect-ms` run: what is said, to which fake, under which settings. */
export interface ConnectionRun {
  latencies: readonly HostedLatency[];
  rules: readonly ('fixed' | 'policy')[];
  modes: readonly ConnectionMode[];
  /** The fake's delay before it serves a new connection (ms). */
  connectMs: number;
  https: boolean;
  /** Silence between the first turn's reply and the next turn (ms). */
  pauseMs: number;
  set: readonly (CompleteUtterance & { voice: string })[];
  reply: string;
  audioDir: string;
}

/**
 * Says each utterance of `run.set` as the first turn of a new session (its provider connections
 * closed before, as after a long pause) and again as that session's next turn, per latency
 * setting, connection mode and rule; counts the connections the provider accepted after each
 * turn's end of speech.
 */
export async function runConnections(run: ConnectionRun): Promise<ConnectionOutcome[]> {
  const outcomes: ConnectionOutcome[] = [];
  const tls = run.https ? fakeTls() : undefined;
  for (const latency of run.latencies) {
    for (const mode of run.modes) {
      const fake = await startHostedFake(latency, run.reply, tls);
      fake.connectDelayMs = run.connectMs;
      const connections = new ProviderConnections({
        ...MODES[mode],
        ...(tls ? { extraCa: [tls.cert] } : {}),
      });
      const previous = useProviderConnections(connections);
      const relay = await startTestRelay(hostedRelayEnv(fake));
      try {
        for (const rule of run.rules) {
          const endOfTurn = rule === 'fixed' ? ('fixed' as const) : {};
          // A turn first, in a session of its own: the decoder and the voice are warm.
          const warm = await TalkClient.connect(relay.wsUrl);
          const hello = await utteranceAudio(
            { kind: 'complete', text: 'hello', voice: 'slt' },
            run.audioDir,
          );
          await new UtteranceStreamer(warm).stream(hello.samples, { endOfTurn });
          warm.close();
          for (const [i, u] of run.set.entries()) {
            const { samples } = await utteranceAudio(u, run.audioDir);
            await connections.close();
            const client = await TalkClient.connect(relay.wsUrl);
            const streamer = new UtteranceStreamer(client);
            for (const turn of ['first', 'later'] as const) {
              if (turn === 'later' && run.pauseMs > 0)
                await new Promise((r) => setTimeout(r, run.pauseMs));
              const before = fake.connections.length;
              const said = await sayUtterance(streamer, fake, u, samples, endOfTurn);
              const end = said.speechEndAtMs;
              const outcome: ConnectionOutcome = {
                latency,
                rule,
                ...said.figures,
                mode,
                turn,
                connectionsAfterSpeech: fake.connections
                  .slice(before)
                  .filter((c) => end !== null && c.openedAtMs >= end).length,
              };
              outcomes.push(outcome);
              console.log(
                `${latency.firstTokenMs}/${latency.firstSpeechMs} ${mode} ${rule} ${i + 1}/${run.set.length} ${turn} ${JSON.stringify(outcome)}`,
              );
            }
            client.close();
          }
        }
      } finally {
        await relay.close();
        await fake.close();
        useProviderConnections(previous);
        await connections.close();
      }
    }
  }
  return outcomes;
}
