import { describe, expect, it } from 'vitest';
import { BUSY_RECHECK_MS, checkCallSilence } from './call-silence.ts';

const S = 1000;
const SILENCE_MS = 45 * S;
const START = Date.UTC(2025, 0, 1, 12, 0, 0);

/** Someone speaks from `from` to `to` (s into the call): an utterance or a reply playing. */
interface Speech {
  from: number;
  to: number;
}

/**
 * Plays a call the way a connection with one timer would: wake at `nextCheckAtMs`, let the quiet
 * begin at the end of each stretch of speech, and log what the rule said as `second: event`.
 */
function playCall(speech: Speech[], silenceMs = SILENCE_MS): string[] {
  const log: string[] = [];
  let checkedInAtMs: number | null = null;
  let wakeAt: number | null = START;
  while (wakeAt !== null) {
    const nowMs: number = wakeAt;
    const at = (nowMs - START) / S;
    const busy = speech.some((s) => s.from <= at && at < s.to);
    const ended = speech.filter((s) => s.to <= at).map((s) => s.to);
    const quietSinceMs = START + Math.max(0, ...ended) * S;
    const v = checkCallSilence({ quietSinceMs, busy, checkedInAtMs, nowMs }, silenceMs);
    if (v.kind === 'end') {
      log.push(`${at}: end`);
      break;
    }
    if (v.kind === 'check-in') {
      log.push(`${at}: check-in`);
      checkedInAtMs = nowMs;
      wakeAt = nowMs;
      continue;
    }
    wakeAt = v.nextCheckAtMs;
    if (log.length > 20 || at > 3600) throw new Error('the timer never settles');
  }
  return log;
}

describe('checkCallSilence', () => {
  it('asks once after the stretch of silence, then ends the call after as long again', () => {
    expect(playCall([])).toEqual(['45: check-in', '90: end']);
  });

  it('counts from the end of the last speech or reply', () => {
    expect(playCall([{ from: 5, to: 20 }])).toEqual(['65: check-in', '110: end']);
  });

  it('never counts during the user’s speech or a reply, however long', () => {
    expect(playCall([{ from: 10, to: 200 }])).toEqual(['245: check-in', '290: end']);
    expect(
      checkCallSilence(
        { quietSinceMs: START, busy: true, checkedInAtMs: null, nowMs: START + 300 * S },
        SILENCE_MS,
      ),
    ).toEqual({ kind: 'wait', nextCheckAtMs: START + 300 * S + BUSY_RECHECK_MS });
  });

  it('an answer to the check-in starts a new stretch (asked again, not ended)', () => {
    expect(playCall([{ from: 50, to: 52 }])).toEqual(['45: check-in', '97: check-in', '142: end']);
  });

  it('speech after the check-in, while it is still being counted, also resets it', () => {
    // Said at 45 s; the user speaks at 80–85 s: the end waits for 45 s from 85.
    expect(playCall([{ from: 80, to: 85 }])).toEqual(['45: check-in', '130: check-in', '175: end']);
  });

  it('is off at 0', () => {
    expect(playCall([], 0)).toEqual([]);
  });
});
