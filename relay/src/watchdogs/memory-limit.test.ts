import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCgroupLimit, readMemoryLimit } from './memory-limit.ts';

const GB = 1024 ** 3;

describe('the memory limit', () => {
  let dir: string;
  let v2: string;
  let v1: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cgroup-'));
    v2 = join(dir, 'memory.max');
    v1 = join(dir, 'memory.limit_in_bytes');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const read = () => readMemoryLimit({ cgroupV2Path: v2, cgroupV1Path: v1, hostBytes: 16 * GB });

  it('is the container’s cgroup v2 limit when it has one', () => {
    writeFileSync(v2, '536870912\n');
    expect(read()).toEqual({ bytes: 512 * 1024 ** 2, source: 'cgroup' });
  });

  it('is the host’s memory when cgroup v2 says max, and v1 is not there', () => {
    writeFileSync(v2, 'max\n');
    expect(read()).toEqual({ bytes: 16 * GB, source: 'host' });
  });

  it('reads cgroup v1 when there is no v2, where "no limit" is a number near 2^63', () => {
    writeFileSync(v1, '2147483648\n');
    expect(read()).toEqual({ bytes: 2 * GB, source: 'cgroup' });
    writeFileSync(v1, '9223372036854771712\n');
    expect(read()).toEqual({ bytes: 16 * GB, source: 'host' });
  });

  it('is the host’s memory outside any container, or with a limit above the RAM there is', () => {
    expect(read()).toEqual({ bytes: 16 * GB, source: 'host' });
    writeFileSync(v2, String(64 * GB));
    expect(read()).toEqual({ bytes: 16 * GB, source: 'host' });
  });

  it('reads no limit from what is not a positive whole number', () => {
    for (const text of ['max', '', '0', '-1', '12.5', 'lots'])
      expect(parseCgroupLimit(text)).toBeNull();
    expect(parseCgroupLimit(' 1048576\n')).toBe(1048576);
  });
});
