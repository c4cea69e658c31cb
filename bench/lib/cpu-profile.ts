/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) this reader needs. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
}

export interface ProfileEntry {
  /** `function (file:line)`, file relative to the repository or the package's name. */
  name: string;
  /** Share of all samples where this function was on top of the stack (%). */
  selfPercent: number;
}

/** Where a script lives, said briefly: `relay/src/x.ts`, `ws`, `node:internal/...`. */
function shortUrl(url: string): string {
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  const repo = /\/((?:relay|shared|bench|web)\/src\/.*|bench\/.*)$/.exec(url);
  if (repo?.[1]) return repo[1];
  return url === '' ? '(native)' : url.replace(/^file:\/\//, '');
}

/** `file:line`; the line is left out where it is unknown (tsx-compiled files report line 1). */
const where = (url: string, lineNumber: number) =>
  lineNumber > 0 ? `${shortUrl(url)}:${lineNumber + 1}` : shortUrl(url);

/** Self time summed per `keyOf(node)`, largest first, as shares of all samples. */
function selfTimeBy(
  profile: CpuProfile,
  keyOf: (node: CpuProfile['nodes'][number]) => string,
  limit: number,
): ProfileEntry[] {
  const total = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const byKey = new Map<string, number>();
  for (const node of profile.nodes) {
    const key = keyOf(node);
    byKey.set(key, (byKey.get(key) ?? 0) + (node.hitCount ?? 0));
  }
  return [...byKey.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, hits]) => ({
      name,
      selfPercent: Math.round((1000 * hits) / Math.max(1, total)) / 10,
    }));
}

/**
 * The functions with the most self time in `profile`, merged by name and file, largest first.
 * `(idle)` (the loop waiting) and `(program)` are kept: they say how busy the process was.
 */
export function topSelfTime(profile: CpuProfile, limit = 20): ProfileEntry[] {
  return selfTimeBy(
    profile,
    ({ callFrame: { functionName, url, lineNumber } }) => {
      const fn = functionName === '' ? '(anonymous)' : functionName;
      return url === '' ? fn : `${fn} (${where(url, lineNumber)})`;
    },
    limit,
  );
}

/** Self time summed per package or folder (`ws`, `relay/src/session`, `(garbage collector)`). */
export function selfTimeByModule(profile: CpuProfile, limit = 12): ProfileEntry[] {
  return selfTimeBy(
    profile,
    ({ callFrame: { functionName, url } }) => {
      if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
      const short = shortUrl(url);
      return short.startsWith('node:') ? 'node: internals' : short.replace(/\/[^/]+$/, '');
    },
    limit,
  );
}

/**
 * Inclusive ("total") time of the functions whose file matches `fileFilter`: the share of
 * samples with the function anywhere on the stack, largest first. Says which of our code paths
 * cost the most, libraries and the kernel calls under them included.
 */
export function topTotalTime(profile: CpuProfile, fileFilter: RegExp, limit = 20): ProfileEntry[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const total = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const subtree = new Map<number, number>();
  const sumOf = (id: number): number => {
    const known = subtree.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const sum =
      (node?.hitCount ?? 0) + (node?.children ?? []).reduce((n, child) => n + sumOf(child), 0);
    subtree.set(id, sum);
    return sum;
  };
  // A function counts once per stack: skip nodes that have the same function above them.
  const byName = new Map<string, number>();
  const walk = (id: number, above: Set<string>) => {
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName === '' ? '(anonymous)' : functionName} (${where(url, lineNumber)})`;
    const counted = fileFilter.test(url) && !above.has(name);
    if (counted) byName.set(name, (byName.get(name) ?? 0) + sumOf(id));
    const next = counted ? new Set([...above, name]) : above;
    for (const child of node.children ?? []) walk(child, next);
  };
  const root = profile.nodes[0];
  if (root) walk(root.id, new Set());
  return [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, hits]) => ({
      name,
      selfPercent: Math.round((1000 * hits) / Math.max(1, total)) / 10,
    }));
}
