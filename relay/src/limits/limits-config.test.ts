import { describe, expect, it } from 'vitest';
import { loadLimitsConfig } from './limits-config.ts';

describe('loadLimitsConfig', () => {
  it('has sensible defaults when nothing is set', () => {
    expect(loadLimitsConfig({})).toEqual({
      maxSessionsPerUser: 3,
      newSessionsPerUser: { capacity: 10, refillPerSecond: 10 / 60 },
      connectionsPerIp: { capacity: 20, refillPerSecond: 1 },
      messagesPerConnection: { capacity: 300, refillPerSecond: 50 },
      sessionClock: { maxSessionMs: 1_800_000, warnBeforeMs: 60_000, idleTimeoutMs: 300_000 },
      callSilenceMs: 45_000,
      realtime: { catchUpMs: 30_000, overrunMs: 5_000 },
      maxKeysPerLimiter: 10_000,
      maxConnections: 1000,
      recognitions: {
        utterancesPerUser: { capacity: 10, refillPerSecond: 1 },
        maxPerUser: 4,
        audioMsPerUser: { capacity: 15_000, refillPerSecond: 3_000 },
        maxPerRelay: null,
      },
    });
  });

  it('reads every variable, in the units its name says', () => {
    const config = loadLimitsConfig({
      MAX_SESSIONS_PER_USER: '1',
      NEW_SESSIONS_PER_MINUTE: '6',
      CONNECTIONS_PER_IP_BURST: '5',
      CONNECTIONS_PER_IP_PER_SECOND: '0.5',
      MESSAGES_PER_SECOND: '40',
      MESSAGE_BURST: '200',
      MAX_SESSION_MINUTES: '2.5',
      SESSION_WARNING_S: '30',
      IDLE_TIMEOUT_S: '90',
      CALL_SILENCE_S: '0.5',
      REALTIME_CATCH_UP_S: '10',
      REALTIME_OVERRUN_S: '2',
      LIMITER_MAX_KEYS: '500',
      MAX_CONNECTIONS: '250',
      UTTERANCES_PER_SECOND: '0.5',
      UTTERANCE_BURST: '4',
      MAX_RECOGNITIONS_PER_USER: '2',
      MAX_RECOGNITIONS: '12',
      RECOGNITION_AHEAD_S: '5',
    });
    expect(config).toEqual({
      maxSessionsPerUser: 1,
      newSessionsPerUser: { capacity: 6, refillPerSecond: 0.1 },
      connectionsPerIp: { capacity: 5, refillPerSecond: 0.5 },
      messagesPerConnection: { capacity: 200, refillPerSecond: 40 },
      sessionClock: { maxSessionMs: 150_000, warnBeforeMs: 30_000, idleTimeoutMs: 90_000 },
      callSilenceMs: 500,
      realtime: { catchUpMs: 10_000, overrunMs: 2_000 },
      maxKeysPerLimiter: 500,
      maxConnections: 250,
      recognitions: {
        utterancesPerUser: { capacity: 4, refillPerSecond: 0.5 },
        maxPerUser: 2,
        audioMsPerUser: { capacity: 5_000, refillPerSecond: 1_000 },
        maxPerRelay: 12,
      },
    });
  });

  it('takes 0 as "off" where the variable allows it', () => {
    const config = loadLimitsConfig({
      MAX_SESSION_MINUTES: '0',
      IDLE_TIMEOUT_S: '0',
      MAX_CONNECTIONS: '0',
    });
    expect(config.maxConnections).toBeNull();
    expect(config.sessionClock).toEqual({
      maxSessionMs: 0,
      warnBeforeMs: 60_000,
      idleTimeoutMs: 0,
    });
  });

  it('treats a blank value as unset, not as 0', () => {
    expect(
      loadLimitsConfig({ MAX_SESSION_MINUTES: '', IDLE_TIMEOUT_S: '  ' }).sessionClock,
    ).toEqual({ maxSessionMs: 1_800_000, warnBeforeMs: 60_000, idleTimeoutMs: 300_000 });
  });

  it('ignores unrelated variables', () => {
    expect(() => loadLimitsConfig({ PATH: '/usr/bin', PORT: 'not ours' })).not.toThrow();
  });

  it('lists every problem at once, naming the variable, the allowed range and the value', () => {
    let message = '';
    try {
      loadLimitsConfig({
        MAX_SESSIONS_PER_USER: 'three',
        MESSAGE_BURST: '2.5',
        IDLE_TIMEOUT_S: '-1',
      });
    } catch (err) {
      message = err instanceof Error ? err.message : '';
    }
    expect(message).toContain('Invalid limits configuration');
    expect(message).toContain(
      'MAX_SESSIONS_PER_USER: must be a whole number from 1 to 1000 (sessions open at once per user); got "three"',
    );
    expect(message).toContain('MESSAGE_BURST: must be a whole number from 1 to 1000000');
    expect(message).toContain('got "2.5"');
    expect(message).toContain('IDLE_TIMEOUT_S: must be a number from 0 to 86400');
  });

  it('refuses a warning as long as the session itself', () => {
    expect(() => loadLimitsConfig({ MAX_SESSION_MINUTES: '1', SESSION_WARNING_S: '60' })).toThrow(
      'SESSION_WARNING_S: must be shorter than MAX_SESSION_MINUTES (1 min); got 60 s',
    );
    expect(() =>
      loadLimitsConfig({ MAX_SESSION_MINUTES: '0', SESSION_WARNING_S: '600' }),
    ).not.toThrow();
  });
});
