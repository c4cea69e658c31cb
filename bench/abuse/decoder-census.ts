import { readdirSync, readFileSync } from 'node:fs';

/**
 * Counts the relay's PocketSphinx decoder processes by sampling `/proc` (Linux): how many were
 * seen in all (a new pid is a process spawn) and the most at once. Sampling misses a process
 * that lives less than `everyMs`, so `seen` is a lower bound on spawns.
 */
export class DecoderCensus {
  private readonly pids = new Set<number>();
  private most = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly relayPid: number,
    private readonly everyMs = 50,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.sample(), this.everyMs);
  }

  stop(): { seen: number; mostAtOnce: number } {
    if (this.timer) clearInterval(this.timer);
    return { seen: this.pids.size, mostAtOnce: this.most };
  }

  /** Decoder processes of the relay running now. */
  live(): number[] {
    return processes()
      .filter((p) => p.comm === 'pocketsphinx_co' && p.ppid === this.relayPid)
      .map((p) => p.pid);
  }

  private sample(): void {
    const live = this.live();
    for (const pid of live) this.pids.add(pid);
    this.most = Math.max(this.most, live.length);
  }
}

/** The pid of this process's child whose command line contains `text`. */
export function childPid(text: string): number {
  const child = processes().find(
    (p) => p.ppid === process.pid && readProc(p.pid, 'cmdline').includes(text),
  );
  if (!child) throw new Error(`no child process running ${text}`);
  return child.pid;
}

/** Every process now: pid, parent and command name (cut at 15 characters by the kernel). */
function processes(): { pid: number; ppid: number; comm: string }[] {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    // "pid (comm) state ppid …"
    const match = /^\d+ \((.*)\) \S (\d+)/.exec(readProc(Number(name), 'stat'));
    if (match) out.push({ pid: Number(name), ppid: Number(match[2]), comm: match[1] ?? '' });
  }
  return out;
}

function readProc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'latin1');
  } catch {
    return ''; // exited meanwhile
  }
}
