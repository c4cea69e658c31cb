import { describe, expect, it } from 'vitest';
import { intlFor } from '../../i18n/intl.ts';
import * as format from './ops-format.ts';

const en = intlFor('en');
const { dayRangeQuery, lastDays, targetVerdict } = format;
const formatBytes = format.formatBytes.bind(null, en);
const formatDuration = format.formatDuration.bind(null, en);
const formatShare = format.formatShare.bind(null, en);
const formatTimingStats = format.formatTimingStats.bind(null, en);
const formatUnits = format.formatUnits.bind(null, en);
const resetOutcome = format.resetOutcome.bind(null, en);
const plural = (count: number, noun: 'session' | 'provider call') =>
  en.formatMessage(
    { id: noun === 'session' ? 'count.sessions' : 'count.providerCalls' },
    { count },
  );

describe('the ops dashboard figures', () => {
  it('show shares as whole percentages', () => {
    expect(formatShare(0.934)).toBe('93 %');
    expect(formatShare(1)).toBe('100 %');
    expect(formatShare(0)).toBe('0 %');
    expect(formatShare(null)).toBe('–');
    expect(formatShare(Number.NaN)).toBe('–');
  });

  it('say whether a target was met, missed, or had no turns to judge', () => {
    expect(targetVerdict({ met: true })).toBe('met');
    expect(targetVerdict({ met: false })).toBe('missed');
    expect(targetVerdict({ met: null })).toBe('no turns');
  });
});

describe('the periods the dashboard asks for', () => {
  const now = Date.UTC(2026, 2, 1, 15, 30);

  it('are whole UTC days, today included', () => {
    expect(lastDays(1, now)).toEqual({ fromDay: '2026-03-01', toDay: '2026-03-01' });
    // Across the end of February.
    expect(lastDays(7, now)).toEqual({ fromDay: '2026-02-23', toDay: '2026-03-01' });
  });

  it('reach the relay as a range ending at the start of the day after the last', () => {
    expect(dayRangeQuery({ fromDay: '2026-02-23', toDay: '2026-02-28' })).toBe(
      '?from=2026-02-23&to=2026-03-01',
    );
  });
});

describe('a session’s figures', () => {
  it('give durations in seconds, minutes or hours', () => {
    expect(formatDuration(42_400)).toBe('42 s');
    expect(formatDuration(252_000)).toBe('4 min 12 s');
    expect(formatDuration(3_780_000)).toBe('1 h 3 min');
    expect(formatDuration(null)).toBe('–');
  });

  it('give a timing as its average with its range', () => {
    expect(formatTimingStats({ avgMs: 750.4, minMs: 600, maxMs: 900.2 })).toBe('750 ms (600–900)');
    expect(formatTimingStats({ avgMs: null, minMs: null, maxMs: null })).toBe('–');
  });
});

describe('a provider’s units', () => {
  it('read as audio, tokens and characters', () => {
    expect(formatUnits({ audioMs: 4500 })).toBe('4.5 s audio');
    expect(formatUnits({ audioMs: 90_000 })).toBe('1.5 min audio');
    expect(formatUnits({ inputTokens: 1200, outputTokens: 80 })).toBe('1,200 in / 80 out tokens');
    expect(formatUnits({ characters: 12_345 })).toBe('12,345 characters');
    expect(formatUnits({ audioMs: 1000, characters: 3 })).toBe('1.0 s audio · 3 characters');
    expect(formatUnits({})).toBe('–');
  });
});

describe('a reset', () => {
  it('says the breaker and health the relay answered', () => {
    const status = {
      id: 'flite',
      label: 'Flite (offline)',
      stage: 'tts' as const,
      rank: 0,
      state: 'closed' as const,
      health: 'HEALTHY' as const,
      consecutiveFailures: 0,
      retryAtMs: null,
      calls: 3,
      failures: 3,
      latencyMs: null,
      lastError: null,
      lastSuccessAtMs: null,
      lastProbe: null,
    };
    expect(resetOutcome('Flite (offline)', { reset: 'flite', providers: [status] })).toBe(
      'Reset Flite (offline): breaker closed, HEALTHY.',
    );
    expect(resetOutcome('Flite (offline)', { reset: 'flite', providers: [] })).toBe(
      'Reset Flite (offline).',
    );
  });
});

describe('sizes', () => {
  it('read in MB below a GB, else in GB', () => {
    expect(formatBytes(512 * 1024 * 1024)).toBe('512 MB');
    expect(formatBytes(7.8 * 1024 ** 3)).toBe('7.8 GB');
  });
});

describe('counts', () => {
  it('take their noun in the singular for one only', () => {
    expect(plural(1, 'session')).toBe('1 session');
    expect(plural(0, 'session')).toBe('0 sessions');
    expect(plural(12, 'provider call')).toBe('12 provider calls');
  });
});
