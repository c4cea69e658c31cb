import { execFileSync } from 'node:child_process';
import type { Speaker } from './harder.ts';

/** Flite's settings for a speaker (the system `flite`, the same engine as the relay's). */
function fliteArgs(s: Speaker): string[] {
  return [
    '-voice',
    s.voice,
    '--setf',
    `duration_stretch=${s.stretch}`,
    ...(s.f0Hz === undefined ? [] : ['--setf', `int_f0_target_mean=${s.f0Hz}`]),
  ];
}

/** The phones Flite says for `text`, each with where it ends (s), pauses left out. */
function phones(text: string, s: Speaker): { phone: string; endS: number }[] {
  const out = execFileSync('flite', [...fliteArgs(s), '-psdur', '-t', text, 'none']).toString();
  return out
    .trim()
    .split(/\s+/)
    .map((p) => {
      const [phone = '', end = '0'] = p.split(':');
      return { phone, endS: Number(end) };
    })
    .filter((p) => p.phone !== 'pau');
}

/** `text` spoken by `s` into the WAV file `path` (16 kHz for the voices used). */
export function fliteWav(path: string, text: string, s: Speaker): void {
  execFileSync('flite', [...fliteArgs(s), '-t', text, '-o', path]);
}

/**
 * Where, in `whole` spoken by `s`, the words `before` (its beginning) end (s): the end of
 * their last phone, found by saying `before` alone and counting its phones in `whole`. Throws
 * where the phones disagree (a word said differently in context), so no cut falls mid-word.
 */
export function wordsEndS(before: string, whole: string, s: Speaker): number {
  const head = phones(before, s);
  const all = phones(whole, s);
  const same = head.every((p, i) => all[i]?.phone === p.phone);
  const last = all[head.length - 1];
  if (!same || last === undefined)
    throw new Error(`"${before}" is said differently inside "${whole}" (${s.voice})`);
  return last.endS;
}
