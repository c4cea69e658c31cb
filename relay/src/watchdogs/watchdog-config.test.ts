import { describe, expect, it } from 'vitest';
import { loadWatchdogConfig } from './watchdog-config.ts';

describe('loadWatchdogConfig', () => {
  it('warns at 80 % of memory, reports turns at 60 s, stops them at 120 s, stalls at 200 ms', () => {
    expect(loadWatchdogConfig({})).toEqual({
      memoryWarnPercent: 80,
      stuckTurnWarnMs: 60_000,
      stuckTurnEndMs: 120_000,
      stallMs: 200,
    });
  });

  it('reads every variable in the unit its name says, 0 switching off what may be', () => {
    expect(
      loadWatchdogConfig({
        MEMORY_WARN_PERCENT: '90',
        STUCK_TURN_WARN_S: '0.2',
        STUCK_TURN_END_S: '0.5',
        EVENT_LOOP_STALL_MS: '500',
      }),
    ).toEqual({ memoryWarnPercent: 90, stuckTurnWarnMs: 200, stuckTurnEndMs: 500, stallMs: 500 });
    expect(loadWatchdogConfig({ STUCK_TURN_END_S: '0', EVENT_LOOP_STALL_MS: '0' })).toMatchObject({
      stuckTurnEndMs: null,
      stallMs: null,
    });
  });

  it('refuses an end that does not come after the warning, naming both', () => {
    expect(() => loadWatchdogConfig({ STUCK_TURN_WARN_S: '30', STUCK_TURN_END_S: '30' })).toThrow(
      /STUCK_TURN_END_S: must be longer than STUCK_TURN_WARN_S \(30 s\), or 0; got 30 s/,
    );
    expect(() => loadWatchdogConfig({ MEMORY_WARN_PERCENT: '0' })).toThrow(/MEMORY_WARN_PERCENT/);
  });
});
