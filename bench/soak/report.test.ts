import { describe, expect, it } from 'vitest';
import { resultName, soakMarkdown, verdicts, type SoakRun } from './report.ts';
import type { RelaySample, Sample } from './sample.ts';

const relay = (rssMb: number, sessions: number): RelaySample => ({
  rssMb,
  heapMb: 10,
  liveMb: 50,
  fds: 40,
  loopP99Ms: 5,
  chunkP99Ms: 5,
  sessions,
});

/** A run of `relays` sampled every 10 s for 100 s; the last one killed at 40 s, back at 60 s. */
function run(relays: number, withFault: boolean): SoakRun {
  const names = Array.from({ length: relays }, (_, i) => `relay-${'abc'[i] ?? i}`);
  const samples: Sample[] = [];
  for (let atS = 10; atS <= 100; atS += 10) {
    const down = withFault && atS > 40;
    const back = withFault && atS > 60;
    samples.push({
      atS,
      relays: [
        ...names.map((_, i) =>
          i === relays - 1 && down ? null : relay(100 + atS / 10, down ? 15 : 10),
        ),
        ...(withFault ? [back ? relay(60 + atS, 0) : null] : []),
      ],
      lateChunks: 0,
      turns: 10,
      turnsFailed: 0,
      dbKb: 1000,
      redisMb: 1.4,
    });
  }
  return {
    command: 'pnpm bench:soak --cluster',
    machine: '2 cores',
    loadAtEnd: 1,
    target: 'relays',
    relayNames: withFault ? [...names, `${names.at(-1)}, restarted`] : names,
    talkers: 30,
    connected: 30,
    minutes: 100 / 60,
    everyS: 10,
    warmupS: 20,
    samples,
    delivery: { chunksSent: 900, lostChunks: 0, reconnects: 10, resumed: 10, offline: 0 },
    errors: {},
    ...(withFault
      ? {
          fault: {
            relay: names.at(-1) ?? '',
            killedAtS: 40,
            sessionsAtKill: 10,
            restartedAtS: 55,
          },
        }
      : {}),
  };
}

describe('the soak report', () => {
  it('names its files by the relays the run started, not by the processes sampled', () => {
    expect(resultName(run(1, false))).toBe('soak');
    expect(resultName(run(2, false))).toBe('soak-cluster');
    expect(resultName(run(3, false))).toBe('soak-cluster-3');
    expect(resultName(run(3, true))).toBe('soak-cluster-3');
  });

  it('judges the killed relay up to its kill and the restarted one from its own warm-up', () => {
    const judged = verdicts(run(3, true));
    const rss = (name: string) => judged.find((v) => v.name === `RSS, ${name}`);
    // relay-c: samples at 20–40 s only (after the run's warm-up, before the kill).
    expect(rss('relay-c')).toMatchObject({ first: 102, last: 104 });
    // Restarted at 55 s: judged from 75 s (its warm-up of 20 s), not from the run's.
    expect(rss('relay-c, restarted')).toMatchObject({ first: 140, last: 160 });
    expect(rss('relay-a')).toMatchObject({ first: 102, last: 110 });
  });

  it('says what the kill did and where the sessions were, a relay that is down as —', () => {
    const r = run(3, true);
    const md = soakMarkdown(r, verdicts(r));
    expect(md).toContain('## relay-c killed (SIGKILL) at 40 s, started again at 55 s');
    expect(md).toContain('It held 10 sessions when it was killed. 10 talkers resumed');
    expect(md).toContain('0 microphone chunks lost');
    expect(md).toContain('| last sample before the kill (40 s) | 10 | 10 | 10 | — |');
    expect(md).toContain('| after the kill (60 s) | 15 | 15 | — | — |');
    expect(md).toContain('| at the end (100 s) | 15 | 15 | — | 0 |');
    expect(soakMarkdown(run(2, false), [])).not.toContain('killed');
  });
});
