/** `prctl`'s options (linux/prctl.h). */
const PR_GET_DUMPABLE = 3;
const PR_SET_DUMPABLE = 4;

type Prctl = (option: number, a2: number, a3: number, a4: number, a5: number) => number;

/** libc's `prctl`, through koffi (its prebuilt binary); null where there is none (not Linux). */
async function loadPrctl(): Promise<Prctl | null> {
  if (process.platform !== 'linux') return null;
  // Loaded only here: a platform without its binary still runs the relay (and says so).
  const { default: koffi } = await import('koffi');
  const libc = koffi.load('libc.so.6');
  return libc.func(
    'int prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)',
  ) as Prctl;
}

/**
 * Makes this process non-dumpable (`prctl(PR_SET_DUMPABLE, 0)`, issue 60, item 4): its
 * `/proc/<pid>/environ`, `mem`, `maps`… then belong to root, so another process of the relay's
 * own user (a stdio MCP server started without `MCP_STDIO_USER`, anything else run as that
 * user) cannot read its environment or memory, nor attach a debugger; no core dump is written.
 * It does not stop root. Answers whether the process is now non-dumpable, or why not (no libc
 * here, the FFI package missing): the caller logs it.
 */
export async function makeNonDumpable(
  load: () => Promise<Prctl | null> = loadPrctl,
): Promise<{ done: boolean; why?: string }> {
  let prctl: Prctl | null;
  try {
    prctl = await load();
  } catch (err) {
    return { done: false, why: err instanceof Error ? err.message : String(err) };
  }
  if (!prctl) return { done: false, why: `no prctl on ${process.platform}` };
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) !== 0)
    return { done: false, why: 'prctl(PR_SET_DUMPABLE) failed' };
  return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) === 0
    ? { done: true }
    : { done: false, why: 'the process is still dumpable' };
}
