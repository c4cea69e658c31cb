import { afterAll, describe, expect, it } from 'vitest';
import { CHUNK_SAMPLES } from '@parley/shared';
import { TalkClient, type TurnRecord } from '../src/talk/client.ts';
import { closeSynthesizers, storyUtterance, type PausedUtterance } from './fixtures/speech.ts';
import { startTestRelay } from './harness.ts';

/**
 * The same audio gives the same words whatever its arrival timing (issue 47). Held-out speech
 * through a proxy was heard "…the dragon you live in a castle…" streamed steadily and "…the
 * dragon who live in a castle…" when a stall made its chunks arrive in bursts: the live
 * decoder's words against the whole decode's, chosen by a race. Here one story, with the pauses
 * a client reports, is spoken into a relay with the embedded recogniser at a microphone's pace,
 * and into another all at once; each relay's decoders are fresh, so only the timing differs.
 */
describe('an utterance streamed in real time or in bursts', () => {
  afterAll(closeSynthesizers);

  it('is heard, and answered, as the same words', async () => {
    const story = await storyUtterance();
    const steady = await spokenTurn(story, 'real time');
    const burst = await spokenTurn(story, 'bursts');
    expect(burst.transcript).toBe(steady.transcript);
    expect(burst.replyText).toBe(steady.replyText);
    expect(steady.transcript).toMatch(/castle he loved to read books$/);
  });
});

/** `story` as turn 1 of a new relay's only conversation, at `pace`; its record once done. */
async function spokenTurn(
  story: PausedUtterance,
  pace: 'real time' | 'bursts',
): Promise<TurnRecord> {
  const relay = await startTestRelay();
  const client = await TalkClient.connect(relay.wsUrl);
  try {
    const turnId = 1;
    client.send({ type: 'utterance.start', turnId, firstSeq: 0, speechStartAtMs: Date.now() });
    for (const [seq, samples] of story.chunks.entries()) {
      if (story.resumesAt.has(seq)) client.send({ type: 'utterance.resume', turnId });
      client.sendChunk({ seq, samples, firstSample: seq * CHUNK_SAMPLES }, turnId, 0);
      if (story.pausesAfter.has(seq))
        client.send({ type: 'utterance.pause', turnId, lastSeq: seq });
      // A microphone's pace: the relay's decoders run beside it, as in a call.
      if (pace === 'real time') await new Promise((r) => setTimeout(r, 100));
    }
    const lastSeq = story.chunks.length - 1;
    const at = Date.now();
    client.send({ type: 'utterance.end', turnId, lastSeq, speechEndAtMs: at, sentAtMs: at });
    return await client.waitForTurn(turnId, 50_000);
  } finally {
    client.close();
    await relay.close();
  }
}
