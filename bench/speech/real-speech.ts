import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWav, toMono } from '../../relay/src/audio/wav.ts';

/**
 * Recorded human speech on this machine: Debian's `pocketsphinx-testdata` (five LibriVox
 * sentences, five "cards" commands, "go forward ten meters"), with its transcriptions. Absent
 * unless installed (`apt-get install pocketsphinx-testdata`).
 */
export const TESTDATA_DIR = '/usr/share/pocketsphinx/test/data';

export interface RecordedUtterance {
  id: string;
  text: string;
  /** Mono, 16 kHz, in [-1, 1]. */
  samples: Float32Array;
}

/** `<s> words </s> (id)` lines of a Sphinx transcription file, by id. */
function transcriptions(path: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^<s>\s*(.*?)\s*<\/s>\s*\((.+)\)\s*$/.exec(line.trim());
    if (m?.[1] !== undefined && m[2] !== undefined) out.set(m[2], m[1]);
  }
  return out;
}

function wav(path: string): Float32Array {
  const audio = readWav(readFileSync(path));
  if (audio.sampleRateHz !== 16_000) throw new Error(`${path}: expected 16 kHz`);
  return toMono(audio);
}

const read = new Map<string, RecordedUtterance[]>();

/** The recorded utterances, or null where the test data is not installed (read once). */
export function recordedSpeech(dir = TESTDATA_DIR): RecordedUtterance[] | null {
  if (!existsSync(dir)) return null;
  const known = read.get(dir);
  if (known) return known;
  const out: RecordedUtterance[] = [];
  for (const [id, text] of transcriptions(join(dir, 'librivox', 'transcription')))
    out.push({ id, text, samples: wav(join(dir, 'librivox', `${id}.wav`)) });
  for (const [id, text] of transcriptions(join(dir, 'cards', 'cards.transcription')))
    out.push({ id: `cards-${id}`, text, samples: wav(join(dir, 'cards', `${id}.wav`)) });
  // Raw 16-bit little-endian 16 kHz mono.
  const raw = readFileSync(join(dir, 'goforward.raw'));
  const pcm = new Int16Array(raw.buffer, raw.byteOffset, Math.floor(raw.byteLength / 2));
  out.push({
    id: 'goforward',
    text: 'go forward ten meters',
    samples: Float32Array.from(pcm, (s) => s / 32_768),
  });
  read.set(dir, out);
  return out;
}
