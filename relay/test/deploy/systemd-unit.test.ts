import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterSkipReason } from '../cluster/daemons.ts';
import { repoFile, runTool } from './deploy-files.ts';

const unit = repoFile('deploy/parley.service');
const NODE = '/usr/bin/node';

/** The unit's `Key=value` settings of `[Service]`. */
function serviceSettings(): Map<string, string> {
  const service = unit.slice(unit.indexOf('[Service]'), unit.indexOf('[Install]'));
  return new Map(
    [...service.matchAll(/^(\w+)=(.*)$/gm)].map(([, key = '', value = '']) => [key, value]),
  );
}

// Debian's systemd (installed by scripts/setup-system.sh --for-tests): under the full test
// command a missing systemd-analyze fails the run, elsewhere the check is skipped, visibly.
const skip = clusterSkipReason(['systemd-analyze']);

describe('deploy/parley.service', () => {
  it('is a notify service with a watchdog that only the relay itself may feed', () => {
    const s = serviceSettings();
    expect(s.get('Type')).toBe('notify');
    expect(s.get('NotifyAccess')).toBe('main');
    expect(s.get('WatchdogSec')).toMatch(/^\d+s$/);
    expect(s.get('Restart')).toBe('always');
    expect(s.get('ExecStart')).toMatch(new RegExp(`^${NODE} .*relay/dist/main\\.js$`));
  });

  it.skipIf(skip !== null)(
    `passes systemd-analyze verify without a warning${skip ? ` (SKIPPED: ${skip})` : ''}`,
    async () => {
      // verify insists that ExecStart's program exists: the node running this test stands in.
      const dir = mkdtempSync(join(tmpdir(), 'parley-unit-'));
      try {
        writeFileSync(
          join(dir, 'parley.service'),
          unit.replace(`ExecStart=${NODE} `, `ExecStart=${process.execPath} `),
        );
        const { code, output } = await runTool('systemd-analyze', [
          'verify',
          '--man=no',
          join(dir, 'parley.service'),
        ]);
        // It reports unknown keys and bad values on stderr, exiting 0.
        expect(output).toBe('');
        expect(code).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
