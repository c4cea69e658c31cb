import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * How the load generator's threads yield to the relay: `idle` (Linux's `SCHED_IDLE` policy: they
 * run only on a core nothing else wants) or a niceness, 0–19 (0: they compete as equals).
 */
export type GeneratorPriority = 'idle' | number;

/** Reads `idle` or a niceness 0–19; null for anything else. */
export function parseGeneratorPriority(text: string): GeneratorPriority | null {
  if (text === 'idle') return 'idle';
  if (!/^\d{1,2}$/.test(text)) return null;
  const nice = Number(text);
  return nice <= 19 ? nice : null;
}

/** The thread ids of this process, but its main thread's. */
function otherThreads(): number[] {
  return readdirSync('/proc/self/task')
    .map(Number)
    .filter((tid) => tid !== process.pid);
}

/**
 * Lowers the priority of every thread of this process but the main one (on Linux a priority
 * belongs to a thread). The generator's worker threads alone are not enough: V8's platform
 * threads, which run the garbage collections of every isolate in the process, competed with the
 * relay as equals and held a core for milliseconds while the relay's event loop waited for it
 * (seen with `perf sched`). The main thread keeps its own: the processes it starts (the relay
 * under test) inherit the priority of the thread that forks them. Threads created later inherit
 * their creator's. Returns how many threads were changed.
 */
export function lowerThreadPriority(priority: GeneratorPriority): number {
  if (priority === 0) return 0;
  let changed = 0;
  for (const tid of otherThreads()) {
    try {
      if (priority === 'idle')
        execFileSync('chrt', ['--idle', '--pid', '0', String(tid)], { stdio: 'ignore' });
      else setPriority(tid, priority);
      changed++;
    } catch (err) {
      // A thread that has exited meanwhile is fine; chrt missing is not.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        throw new Error(
          'chrt (util-linux) is needed for --generator-priority idle; install it or pass a niceness',
        );
    }
  }
  return changed;
}

/** The scheduling policy (`chrt -p` output's policy) of each thread but the main one. */
export function threadPolicies(): string[] {
  return otherThreads().map((tid) => {
    try {
      const out = execFileSync('chrt', ['--pid', String(tid)], { encoding: 'utf8' });
      return /policy: (\S+)/.exec(out)?.[1] ?? '?';
    } catch {
      return 'gone';
    }
  });
}
