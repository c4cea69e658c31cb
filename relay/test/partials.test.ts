import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pcm16ToFloat } from '@parley/shared';
import { PARTIAL_INTERVAL_MS } from '../src/session/hearing/utterances.ts';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

describe('interim transcripts with the embedded recogniser', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    // The decoder that prints partial hypotheses (see relay/native/); pnpm build builds it too.
    execFileSync('bash', [new URL('../native/build.sh', import.meta.url).pathname, '--strict']);
    // A decoder loaded ahead, as the shipped relay keeps (test relays keep none): loading one
    // as the user starts talking takes seconds on a loaded machine, and the words it then
    // catches up on arrive with the final transcript rather than while the user speaks.
    relay = await startTestRelay({ POCKETSPHINX_SPARES: '1' });
  });
  afterAll(async () => {
    await closeSynthesizers();
    await relay.close();
  });

  it('streams the words while the user speaks, throttled, then the final transcript', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    const { samples } = await synthesizeSpeech('Please tell me the weather in Paris tomorrow.', {
      leadingSilenceMs: 400,
      trailingSilenceMs: 900,
    });
    const speechMs = (samples.length * 1000) / 16_000;
    // Streamed at half speed: the decoder is a process of its own, and on a starved machine
    // (load 17 on 2 cores) it fell behind real time and caught up in two hypotheses. What is
    // checked here is the protocol; how soon the first words come is bench:partials' figure.
    const [turn] = await new UtteranceStreamer(client).stream(pcm16ToFloat(samples), {
      speed: 0.5,
    });
    const t = client.turns.get(turn?.turnId ?? -1);
    expect(t?.transcript).toMatch(/tell me the weather in paris tomorrow$/);
    // The words of each pause go out at once for the client's end of turn (issue 25): the
    // throttle's rules are for the others.
    const partials = (t?.partials ?? []).filter((p) => p.pauseSeq === undefined);
    // Several, the first while the user was still speaking (before the utterance ended)…
    expect(partials.length).toBeGreaterThanOrEqual(3);
    expect(partials[0]?.atMs).toBeLessThan(t?.endSentAtMs ?? 0);
    expect(turn?.timings.firstPartialMs).toBeGreaterThan(0);
    // …each one new, none after the final transcript, at most one per interval.
    for (const [i, p] of partials.entries()) {
      expect(p.text).not.toBe(partials[i - 1]?.text);
      expect(p.atMs).toBeLessThanOrEqual(t?.transcriptAtMs ?? 0);
    }
    expect(partials.length).toBeLessThanOrEqual(Math.ceil(speechMs / PARTIAL_INTERVAL_MS) + 1);
    const finalAt = client.received.findIndex((m) => m.type === 'transcript.final');
    expect(client.received.slice(finalAt).some((m) => m.type === 'transcript.partial')).toBe(false);
    client.close();
  });
});
