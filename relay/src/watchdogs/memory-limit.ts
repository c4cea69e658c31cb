import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';

/** The memory the process may use, and where that figure comes from. */
export interface MemoryLimit {
  bytes: number;
  /** `cgroup`: its container's limit; `host`: no tighter limit than the machine's memory. */
  source: 'cgroup' | 'host';
}

/** Where the limit is read from; each may be replaced (tests point them at files of their own). */
export interface MemoryLimitSources {
  /** cgroup v2: the process's cgroup limit, `max` for none. */
  cgroupV2Path?: string;
  /** cgroup v1: the memory controller's limit (about 2^63 for none). */
  cgroupV1Path?: string;
  /** The machine's memory (bytes). */
  hostBytes?: number;
}

export const CGROUP_V2_MEMORY_MAX = '/sys/fs/cgroup/memory.max';
export const CGROUP_V1_MEMORY_LIMIT = '/sys/fs/cgroup/memory/memory.limit_in_bytes';

/**
 * A cgroup memory file's limit in bytes; null for none (`max`, empty, or not a positive whole
 * number).
 */
export function parseCgroupLimit(text: string): number | null {
  const value = text.trim();
  if (!/^\d+$/.test(value)) return null;
  const bytes = Number(value);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : null;
}

/**
 * The limit that binds: the cgroup's when it is below the machine's memory; else the machine's
 * (cgroup v1 writes "no limit" as about 2^63, and a limit above the RAM there is can never be
 * reached).
 */
export function bindingLimit(cgroupBytes: number | null, hostBytes: number): MemoryLimit {
  if (cgroupBytes !== null && cgroupBytes < hostBytes)
    return { bytes: cgroupBytes, source: 'cgroup' };
  return { bytes: hostBytes, source: 'host' };
}

/**
 * The memory available to this process: its cgroup's limit (v2, else v1) when there is one
 * below the machine's memory, else the machine's memory. A file that is missing or unreadable
 * (not in a container, another OS) counts as no limit.
 */
export function readMemoryLimit(sources: MemoryLimitSources = {}): MemoryLimit {
  const hostBytes = sources.hostBytes ?? totalmem();
  const v2 = readLimitFile(sources.cgroupV2Path ?? CGROUP_V2_MEMORY_MAX);
  const v1 = v2 === null ? readLimitFile(sources.cgroupV1Path ?? CGROUP_V1_MEMORY_LIMIT) : null;
  return bindingLimit(v2 ?? v1, hostBytes);
}

function readLimitFile(path: string): number | null {
  try {
    return parseCgroupLimit(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}
