import { readFileSync } from 'node:fs';
import { expect, test } from './mic-test.ts';
import { isOpusFrame, pcm16ToFloat, type WireAudioFrame } from '../shared/src/index.ts';
import { readWav, toMono } from '../relay/src/audio/wav.ts';
import { FIXTURES } from './global-setup.ts';
import { micFrameOf, uplinkPcm } from './uplink-audio.ts';

// Issue 24: the relay's recogniser hears what the microphone heard. The browser's automatic
// gain control lifted Flite's speech by 3 dB into clipping, and its noise suppression reshaped
// the spectrum; PocketSphinx misheard three voices of four through it (bench/results/phrases.md).
// The microphone audio sent on the WebSocket (Opus, decoded as the relay decodes it) keeps the
// file's level, unclipped.

test.use({ micFile: 'two-turns' });

/** RMS level (dBFS) and peak (full scale = 1) from the first to the last sample above -40 dBFS. */
function loudness(x: Float32Array): { rmsDb: number; peak: number } {
  const loud = 10 ** (-40 / 20);
  const first = x.findIndex((v) => Math.abs(v) >= loud);
  const last = x.findLastIndex((v) => Math.abs(v) >= loud);
  let sum = 0;
  let peak = 0;
  for (let i = first; i <= last; i++) {
    const v = x[i] ?? 0;
    sum += v * v;
    peak = Math.max(peak, Math.abs(v));
  }
  return { rmsDb: 10 * Math.log10(sum / (last - first + 1)), peak };
}

test('the microphone audio the relay receives keeps the level of what was said', async ({
  page,
}) => {
  // The microphone frames of each turn, as the relay reads them (Opus by default).
  const frames = new Map<number, WireAudioFrame[]>();
  page.on('websocket', (ws) => {
    ws.on('framesent', ({ payload }) => {
      if (typeof payload === 'string' || payload[0] !== 1) return;
      const frame = micFrameOf(payload);
      frames.set(frame.turnId, [...(frames.get(frame.turnId) ?? []), frame]);
    });
  });
  await page.goto('/');
  await page.getByTestId('talk-button').click();
  const user = page.getByTestId('user-utterance').nth(0);
  // Every frame of the utterance sent: its words are final (the first words show while it is
  // still being spoken, and its frames read then were only the first part of the phrase).
  await expect(user).toHaveAttribute('data-final', 'true');
  const turnId = Number(await user.getAttribute('data-turn'));
  const sentFrames = frames.get(turnId) ?? [];
  expect(sentFrames.every(isOpusFrame), 'microphone audio sent as Opus').toBe(true);
  const sent = pcm16ToFloat(uplinkPcm(sentFrames));

  // The fixture's first phrase ("what time is it"): its level does not depend on the rate.
  const wav = readWav(readFileSync(`${FIXTURES}two-turns.wav`));
  const file = toMono(wav);
  const turn = (
    JSON.parse(readFileSync(`${FIXTURES}two-turns.json`, 'utf8')) as {
      turns: { speechStartMs: number; speechEndMs: number }[];
    }
  ).turns[0]!;
  const said = loudness(
    file.subarray(
      Math.floor((turn.speechStartMs * wav.sampleRateHz) / 1000),
      Math.ceil((turn.speechEndMs * wav.sampleRateHz) / 1000),
    ),
  );
  const heard = loudness(sent);
  expect(heard.rmsDb - said.rmsDb, 'level change (dB)').toBeGreaterThan(-1);
  expect(heard.rmsDb - said.rmsDb, 'level change (dB)').toBeLessThan(1);
  // Nothing at full scale: Flite's peak is 0.65.
  expect(heard.peak).toBeLessThan(Math.max(0.95, said.peak * 1.2));
});
