import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeptSamples } from '../audio/kept-samples.ts';
import { BlockPool } from '../memory/block-pool.ts';
import { readWav } from '../audio/wav.ts';
import { logger } from '../log/logger.ts';
import {
  AudioDumper,
  dumpBaseName,
  dumpRecord,
  sweepDumps,
  writeDump,
  type DumpRecord,
} from './audio-dump.ts';
import type { FinishedTurn, TurnAudio } from './turn-observer.ts';

const HOUR_MS = 3_600_000;
const log = logger('test:audio-dump');

function frame(value: number): Int16Array {
  return new Int16Array(1600).fill(value);
}

/** The utterance as a session keeps it (pooled blocks, read through copies). */
function kept(frames: Int16Array[], pool = new BlockPool(2000)): KeptSamples {
  const audio = new KeptSamples(60 * 16_000, pool);
  for (const f of frames) audio.append(f);
  return audio;
}

function turnAudio(audio: KeptSamples, framesReceived = audio.frames): TurnAudio {
  return { copy: () => audio.copy(), keptFrames: audio.frames, framesReceived };
}

function failedTurn(over: Partial<FinishedTurn> = {}): FinishedTurn {
  return {
    sessionId: 'sess_A-1',
    turnId: 7,
    traceId: 'trace-7',
    input: 'spoken',
    result: {
      status: 'failed',
      transcript: 'what time is it',
      reply: 'Sorry.',
      audioSamples: 0,
      timings: { asrFinalMs: 210 },
      marks: { endReceivedAtMs: 1000, asrFinalAtMs: 1210 },
      servedBy: { asr: 'pocketsphinx' },
    },
    errors: [{ code: 'llm-failed', message: 'The language model is unavailable right now.' }],
    audio: turnAudio(kept([frame(100), frame(-200)])),
    doneAtMs: 1500,
    ...over,
  };
}

/** A file in `dir` last modified `ageMs` before `nowMs`. */
function fileAged(dir: string, name: string, nowMs: number, ageMs: number): string {
  const path = join(dir, name);
  writeFileSync(path, 'x');
  const t = (nowMs - ageMs) / 1000;
  utimesSync(path, t, t);
  return path;
}

describe('audio dump', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-dumps-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('names files after the session and turn, with nothing a path could abuse', () => {
    expect(dumpBaseName('AbC_d-9', 12)).toBe('AbC_d-9-12');
    expect(dumpBaseName('../../etc/passwd', 1)).toBe('______etc_passwd-1');
    expect(dumpBaseName('', 3)).toBe('session-3');
  });

  it('records the turn, field by field, with its end and when the dump was made', () => {
    const record = dumpRecord(failedTurn(), 3200, Date.UTC(2025, 0, 2, 3, 4, 5));
    expect(record).toEqual({
      v: 1,
      sessionId: 'sess_A-1',
      turnId: 7,
      traceId: 'trace-7',
      input: 'spoken',
      status: 'failed',
      transcript: 'what time is it',
      reply: 'Sorry.',
      timings: { asrFinalMs: 210 },
      marks: { endReceivedAtMs: 1000, asrFinalAtMs: 1210, doneAtMs: 1500 },
      servedBy: { asr: 'pocketsphinx' },
      errors: [{ code: 'llm-failed', message: 'The language model is unavailable right now.' }],
      audio: { file: 'sess_A-1-7.wav', sampleRateHz: 16_000, samples: 3200, truncated: false },
      createdAt: '2025-01-02T03:04:05.000Z',
    } satisfies DumpRecord);
  });

  it('marks audio cut at the session’s bound, and has none for typed turns', () => {
    const long = failedTurn({ audio: turnAudio(kept([frame(1)]), 700) });
    expect(dumpRecord(long, 1600, 0).audio?.truncated).toBe(true);
    const typed = dumpRecord(failedTurn({ input: 'typed', audio: null }), 0, 0);
    expect(typed.audio).toBeNull();
    const untraced = failedTurn();
    delete untraced.traceId;
    expect(dumpRecord(untraced, 0, 0).traceId).toBeNull();
  });

  it('writes the utterance as 16 kHz mono WAV and the record as JSON, private to the relay', async () => {
    const turn = failedTurn();
    const files = await writeDump(join(dir, 'nested'), turn, turn.audio!.copy(), 0);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'nested/sess_A-1-7.wav',
      'nested/sess_A-1-7.json',
    ]);
    const wav = readWav(readFileSync(join(dir, 'nested/sess_A-1-7.wav')));
    expect(wav.sampleRateHz).toBe(16_000);
    expect(wav.channels).toHaveLength(1);
    const samples = wav.channels[0]!;
    expect(samples.length).toBe(3200);
    expect(Math.round(samples[0]! * 0x8000)).toBe(100);
    expect(Math.round(samples[3199]! * 0x8000)).toBe(-200);
    const record = JSON.parse(readFileSync(files[1]!, 'utf8')) as DumpRecord;
    expect(record.audio?.samples).toBe(3200);
    for (const f of files) expect(statSync(f).mode & 0o777).toBe(0o600);
  });

  it('writes only the JSON for a typed turn', async () => {
    await writeDump(dir, failedTurn({ input: 'typed', audio: null }), null, 0);
    expect(readdirSync(dir)).toEqual(['sess_A-1-7.json']);
  });

  it('sweeps dump files older than the limit, and nothing else', async () => {
    const now = Date.now();
    const old = fileAged(dir, 'abc-1.wav', now, 25 * HOUR_MS);
    const oldJson = fileAged(dir, 'abc-1.json', now, 25 * HOUR_MS);
    const recent = fileAged(dir, 'abc-2.wav', now, 23 * HOUR_MS);
    const foreign = fileAged(dir, 'notes.txt', now, 48 * HOUR_MS);
    expect(await sweepDumps(dir, now, 24 * HOUR_MS)).toBe(2);
    expect(existsSync(old) || existsSync(oldJson)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    expect(existsSync(foreign)).toBe(true);
  });

  it('has nothing to sweep before the first dump (no folder yet)', async () => {
    expect(await sweepDumps(join(dir, 'missing'), Date.now(), HOUR_MS)).toBe(0);
  });

  describe('AudioDumper', () => {
    it('dumps failed turns only', async () => {
      const dumper = new AudioDumper({ dir, log });
      dumper.turnFinished(failedTurn({ result: { ...failedTurn().result, status: 'completed' } }));
      dumper.turnFinished(failedTurn({ result: { ...failedTurn().result, status: 'cancelled' } }));
      await dumper.flush();
      expect(readdirSync(dir)).toEqual([]);
      dumper.turnFinished(failedTurn());
      await dumper.close();
      expect(readdirSync(dir).sort()).toEqual(['sess_A-1-7.json', 'sess_A-1-7.wav']);
    });

    it('copies the audio while the turn finishes: the session may reuse its blocks at once', async () => {
      const pool = new BlockPool(2000);
      const audio = kept([frame(100), frame(-200)], pool);
      const dumper = new AudioDumper({ dir, log });
      dumper.turnFinished(failedTurn({ audio: turnAudio(audio) }));
      // The session's turn is over: its blocks go back and the next utterance overwrites them.
      audio.release();
      kept([frame(7), frame(7)], pool);
      expect(pool.allocated).toBe(4);
      await dumper.close();
      const wav = readWav(readFileSync(join(dir, 'sess_A-1-7.wav')));
      const samples = wav.channels[0]!;
      expect(samples.length).toBe(3200);
      expect(Math.round(samples[0]! * 0x8000)).toBe(100);
      expect(Math.round(samples[3199]! * 0x8000)).toBe(-200);
    });

    it('logs, never throws, when it cannot write', async () => {
      const file = join(dir, 'a-file');
      writeFileSync(file, 'not a folder');
      const dumper = new AudioDumper({ dir: file, log });
      expect(() => dumper.turnFinished(failedTurn())).not.toThrow();
      await dumper.close();
    });

    it('sweeps at start and then every interval', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const start = Date.now();
      let now = start;
      const dumper = new AudioDumper({ dir, log, now: () => now });
      try {
        const stale = fileAged(dir, 'abc-1.wav', start, 25 * HOUR_MS);
        const fresh = fileAged(dir, 'abc-2.wav', start, 0);
        dumper.start();
        await dumper.flush();
        expect(existsSync(stale)).toBe(false);
        expect(existsSync(fresh)).toBe(true);

        now = start + 23 * HOUR_MS;
        await vi.advanceTimersByTimeAsync(HOUR_MS);
        await dumper.flush();
        expect(existsSync(fresh)).toBe(true);

        now = start + 24 * HOUR_MS + 1;
        await vi.advanceTimersByTimeAsync(HOUR_MS);
        await dumper.flush();
        expect(existsSync(fresh)).toBe(false);
      } finally {
        await dumper.close();
        vi.useRealTimers();
      }
    });
  });
});
