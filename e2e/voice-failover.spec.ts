import { expect, test, type Page } from './mic-test.ts';
import { decodeWireFrame, FrameKind, isOpusFrame, OPUS_CLOCK_HZ } from '../shared/src/index.ts';
import { startFakeOpenAi } from '../relay/test/fakes/openai-server.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';

test.use({ micFile: 'long-reply' });

const KEY = 'sk-e2e-alpha-key-0123456789';

/** What the relay sent the page about its replies, read off the WebSocket. */
interface ReplyWire {
  outputRateHz: number;
  segments: { turnId: number; index: number; text: string; startSample: number }[];
  /** Reply-audio samples received, per turn. */
  samples: Map<number, number>;
  done: Map<number, { status: string; reply: string; audioSamples: number }>;
  errors: { turnId?: number; code: string; message: string }[];
}

/**
 * Records reply messages and reply-audio frames as they reach the page (PCM16 or Opus: see
 * shared/src/protocol/codec.ts and opus-frame.ts), the frames' audio counted in samples at the
 * session's output rate.
 */
function recordReplies(page: Page): ReplyWire {
  const wire: ReplyWire = {
    outputRateHz: 0,
    segments: [],
    samples: new Map(),
    done: new Map(),
    errors: [],
  };
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string') {
        const frame = decodeWireFrame(payload, FrameKind.Reply, { opus: true });
        if (!frame.ok) return;
        const { turnId } = frame.value;
        const samples = isOpusFrame(frame.value)
          ? (frame.value.samples48k * wire.outputRateHz) / OPUS_CLOCK_HZ
          : frame.value.samples.length;
        wire.samples.set(turnId, (wire.samples.get(turnId) ?? 0) + samples);
        return;
      }
      const m = JSON.parse(payload) as Record<string, unknown> & { type: string };
      if (m.type === 'ready') wire.outputRateHz = m.outputSampleRateHz as number;
      if (m.type === 'reply.segment') wire.segments.push(m as never);
      if (m.type === 'turn.done') wire.done.set(m.turnId as number, m as never);
      if (m.type === 'error') wire.errors.push(m as never);
    });
  });
  return wire;
}

test('a voice that breaks mid-sentence: the next voice still speaks the whole reply, and the page plays it', async ({
  page,
}) => {
  // The primary voice is a fake OpenAI speech server that sends 100 ms of audio, then resets.
  const alpha = await startFakeOpenAi({ apiKey: KEY });
  alpha.setFault('speech', { kind: 'reset', afterChunks: 1 });
  const relay = new E2eRelay(specPort(7), {
    env: {
      TTS_PROVIDERS: 'alpha,embedded',
      ALPHA_BASE_URL: alpha.baseUrl,
      ALPHA_API_KEY: KEY,
      ALPHA_TTS_MODEL: 'tts-fake',
    },
  });
  const wire = recordReplies(page);
  try {
    await relay.start();
    await page.goto(relay.url);
    await page.getByTestId('talk-button').click();
    const users = page.getByTestId('user-utterance');
    // The recogniser sometimes loses or mishears the quiet last word; the responder still helps.
    await expect(users.nth(0)).toHaveText(/^what can you\b/);
    const turnId = Number(await users.nth(0).getAttribute('data-turn'));
    await expect.poll(() => wire.done.get(turnId)?.status, { timeout: 60_000 }).toBe('completed');
    const done = wire.done.get(turnId)!;

    // Alpha was asked for the first sentence only, and broke off in it. (Once per answer
    // started: one held at the pause on a first hearing of the words may have been started
    // again on the decoder's closed segment.)
    const asked = alpha
      .received('speech')
      .map((r) => (JSON.parse(r.body.toString('utf8')) as { input: string }).input);
    expect(asked.length).toBeGreaterThanOrEqual(1);
    expect(asked.length).toBeLessThanOrEqual(2);

    // The first sentence was announced twice (cut off, then said again), every other once, and
    // together they are the whole reply.
    const segments = wire.segments.filter((s) => s.turnId === turnId);
    const indexes = segments.map((s) => s.index);
    expect(indexes.slice(0, 2)).toEqual([0, 0]);
    expect(indexes.slice(1)).toEqual([...indexes.slice(1).keys()]);
    expect(segments[0]?.text).toBe(asked.at(-1));
    expect(
      segments
        .slice(1)
        .map((s) => s.text)
        .join(' '),
    ).toBe(done.reply);
    expect(segments.length).toBeGreaterThanOrEqual(3);

    // Reply audio for all of it reached the page: every sample the relay counted, and each
    // sentence as said by the next voice at least 40 ms per character (Flite speaks ~60).
    expect(wire.samples.get(turnId)).toBe(done.audioSamples);
    const rate = wire.outputRateHz;
    for (const [i, s] of segments.entries()) {
      if (i === 0) continue;
      const end = segments[i + 1]?.startSample ?? done.audioSamples;
      expect(end - s.startSample).toBeGreaterThan(s.text.length * 0.04 * rate);
    }
    // One note about the voice; nothing asks the user to say it again.
    const errors = wire.errors.filter((e) => e.turnId === turnId);
    expect(errors.map((e) => e.code)).toEqual(['tts-failed']);
    expect(errors[0]?.message).toMatch(/another voice took over/);

    // And the page's player rendered every one of those samples.
    await expect
      .poll(
        () =>
          page.evaluate(([id, hz]) => window.__parley?.player?.playedSamplesAt(id, hz) ?? 0, [
            turnId,
            rate,
          ] as const),
        { timeout: 60_000 },
      )
      .toBe(done.audioSamples);
  } finally {
    await relay.kill();
    await alpha.close();
  }
});
