/**
 * The soak's fault: one relay of a cluster killed with SIGKILL mid-run and started again a
 * while later, on its port and data folder. The relay's series of samples ends at the kill; the
 * restarted process is a series of its own (`relay-c, restarted`): its memory starts again from
 * a fresh process, and averaging it with the one killed would hide both.
 */
import type { RelayProcess } from '../lib/relay-process.ts';
import type { SoakTarget } from './targets.ts';

/** What happened to the relay killed, in seconds since the talkers started. */
export interface SoakFault {
  relay: string;
  killedAtS: number;
  /** Sessions the relay held when it was killed (its `/health`). */
  sessionsAtKill: number;
  /** When its new process answered; null when it never did before the run's end. */
  restartedAtS: number | null;
  /** Why the restart failed, if it did. */
  restartError?: string;
}

/** A relay's series of samples: its process while it runs, null once killed. */
export interface Series {
  name: string;
  process: RelayProcess | null;
}

/** The name of the series a restarted relay's new process is sampled under. */
export const restartedName = (relay: string) => `${relay}, restarted`;

/** Sessions the relay at `url` holds now (its `/health`); -1 when it does not answer. */
async function sessionsHeld(url: string): Promise<number> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
    return ((await res.json()) as { sessions: number }).sessions;
  } catch {
    return -1;
  }
}

/**
 * Kills series `index`'s relay now, and starts it again `restartAfterS` later: the new process
 * is appended to `series` when it answers. Returns the fault's record (filled in as the restart
 * happens) and the restart under way, which never rejects.
 */
export async function killAndRestart(
  target: Required<Pick<SoakTarget, 'kill' | 'restart'>>,
  series: Series[],
  index: number,
  o: { atS: () => number; restartAfterS: number },
): Promise<{ fault: SoakFault; restarted: Promise<void> }> {
  const victim = series[index];
  if (!victim?.process) throw new Error(`no running relay ${index} to kill`);
  const sessionsAtKill = await sessionsHeld(victim.process.url);
  await target.kill(index);
  victim.process = null;
  const fault: SoakFault = {
    relay: victim.name,
    killedAtS: o.atS(),
    sessionsAtKill,
    restartedAtS: null,
  };
  process.stdout.write(
    `${fault.killedAtS}s: killed ${victim.name} (SIGKILL, ${sessionsAtKill} sessions)\n`,
  );
  const restarted = new Promise((r) => setTimeout(r, o.restartAfterS * 1000))
    .then(() => target.restart(index))
    .then(
      (relay) => {
        fault.restartedAtS = o.atS();
        series.push({ name: restartedName(victim.name), process: relay });
        process.stdout.write(`${fault.restartedAtS}s: ${victim.name} started again\n`);
      },
      (err: unknown) => {
        fault.restartError = err instanceof Error ? err.message : String(err);
      },
    );
  return { fault, restarted };
}
