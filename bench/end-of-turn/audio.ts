import { floatToPcm16 } from '@parley/shared';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readWav, toMono, writeWav } from '../../relay/src/audio/wav.ts';
import { synthesizeSpeech } from '../../relay/test/fixtures/speech.ts';
import { recordedSpeech } from '../speech/real-speech.ts';
import { wholeText, type EndOfTurnUtterance } from './utterances.ts';
import { fliteWav, wordsEndS } from './whole-cut.ts';

/** Silence before the speech and after it (ms): the client ends the turn in the latter. */
const LEAD_MS = 800;
const TAIL_MS = 2_500;

/** sox effects that cut the near-silence at the start, or at the end, of a file. */
const TRIM_START = ['silence', '1', '0.005', '-50d'];
const TRIM_END = ['reverse', ...TRIM_START, 'reverse'];

/** The utterance as a 16 kHz mono WAV file (made once per set, kept in `dir`). */
export async function utteranceAudio(
  u: EndOfTurnUtterance,
  dir: string,
): Promise<{ path: string; samples: Float32Array }> {
  mkdirSync(dir, { recursive: true });
  if (u.kind === 'complete' && u.recorded !== undefined) return recordedAudio(u.recorded, dir);
  const s = u.speaker;
  const paused = u.kind === 'paused' ? `-p${u.pauseMs}` : '';
  const who = s ? `${s.voice}-x${s.stretch}-f${s.f0Hz ?? 0}${paused}` : u.voice;
  const name = `${who}-${wholeText(u).replace(/\W+/g, '-')}`;
  const path = join(dir, `${name}.wav`);
  if (!existsSync(path)) {
    if (s) {
      // Said whole; a paused one cut where its first words end and the pause inserted there.
      const whole = join(dir, `${name}.whole.wav`);
      fliteWav(whole, wholeText(u), s);
      const lead = (LEAD_MS / 1000).toFixed(3);
      const tail = (TAIL_MS / 1000).toFixed(3);
      if (u.kind === 'complete')
        execFileSync('sox', [whole, path, ...TRIM_START, ...TRIM_END, 'pad', lead, tail]);
      else {
        const cut = wordsEndS(u.before, wholeText(u), s).toFixed(3);
        const first = join(dir, `${name}.a.wav`);
        const second = join(dir, `${name}.b.wav`);
        const pause = (u.pauseMs / 1000).toFixed(3);
        execFileSync('sox', [whole, first, 'trim', '0', cut, ...TRIM_START, 'pad', lead, pause]);
        execFileSync('sox', [whole, second, 'trim', cut, ...TRIM_END, 'pad', '0', tail]);
        execFileSync('sox', [first, second, path]);
      }
    } else if (u.kind === 'complete') await speak(path, u.text, u.voice, LEAD_MS, TAIL_MS);
    else {
      // The two parts spoken apart; with sox, Flite's near-silent edges trimmed (below
      // -50 dBFS) and the pause inserted between them, so it is the pause between the words.
      const first = join(dir, `${name}.a.wav`);
      const padded = join(dir, `${name}.a-pause.wav`);
      const second = join(dir, `${name}.b.wav`);
      const trimmed = join(dir, `${name}.b-trimmed.wav`);
      await speak(first, u.before, u.voice, LEAD_MS, 0);
      await speak(second, u.after, u.voice, 0, TAIL_MS);
      const pause = (u.pauseMs / 1000).toFixed(3);
      execFileSync('sox', [first, padded, ...TRIM_END, 'pad', '0', pause]);
      execFileSync('sox', [second, trimmed, ...TRIM_START]);
      execFileSync('sox', [padded, trimmed, path]);
    }
  }
  const wav = readWav(await readFile(path));
  if (wav.sampleRateHz !== 16_000) throw new Error(`${path}: expected 16 kHz`);
  return { path, samples: toMono(wav) };
}

/** A human recording with the same silence before and after as Flite's sentences. */
async function recordedAudio(
  id: string,
  dir: string,
): Promise<{ path: string; samples: Float32Array }> {
  const recording = recordedSpeech()?.find((r) => r.id === id);
  if (!recording) throw new Error(`no human recording ${id}`);
  const rateHz = 16_000;
  const samples = new Float32Array(
    ((LEAD_MS + TAIL_MS) * rateHz) / 1000 + recording.samples.length,
  );
  samples.set(recording.samples, (LEAD_MS * rateHz) / 1000);
  const path = join(dir, `human-${id}.wav`);
  if (!existsSync(path)) await writeFile(path, writeWav(floatToPcm16(samples), rateHz));
  return { path, samples };
}

async function speak(path: string, text: string, voice: string, lead: number, tail: number) {
  const { samples, sampleRateHz } = await synthesizeSpeech(text, {
    voice,
    leadingSilenceMs: lead,
    trailingSilenceMs: tail,
  });
  await writeFile(path, writeWav(samples, sampleRateHz));
}
