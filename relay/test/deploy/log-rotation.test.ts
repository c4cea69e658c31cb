import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterSkipReason, stopChild } from '../cluster/daemons.ts';
import { freePort, nodeArgsFor, TEST_RELAY_ENV } from '../relay-process.ts';
import { repoFile, runTool } from './deploy-files.ts';

const dropIn = repoFile('deploy/logging/log-file.conf');
const rotation = repoFile('deploy/logging/parley.logrotate');
const LOG = '/var/log/parley/relay.log';

/** How the drop-in opens the log file: `append:` (O_APPEND) or `file:` (from offset 0). */
function openFlag(): 'a' | 'w' {
  const out = /^StandardOutput=(append|file):(.+)$/m.exec(dropIn);
  expect(out?.[2]).toBe(LOG);
  expect(dropIn).toMatch(new RegExp(`^StandardError=${out?.[1]}:${LOG}$`, 'm'));
  return out?.[1] === 'append' ? 'a' : 'w';
}

/** The file's lines, each parsed (a line that is not a whole JSON object throws). */
function jsonLines(path: string): { msg?: string }[] {
  const text = readFileSync(path, 'utf8');
  expect(text.includes('\0'), `${path} holds NUL bytes`).toBe(false);
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { msg?: string });
}

// Debian's logrotate (scripts/setup-system.sh --for-tests): under the full test command a missing
// one fails the run, elsewhere the check is skipped, visibly.
const skip = clusterSkipReason(['/usr/sbin/logrotate']);

describe('deploy/logging: the relay logs to a file and logrotate rotates it', () => {
  it.skipIf(skip !== null)(
    `lines before the rotation are in relay.log.1, later ones whole at the start of relay.log${skip ? ` (SKIPPED: ${skip})` : ''}`,
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'parley-logs-'));
      const log = join(dir, 'relay.log');
      // As systemd opens it for the drop-in's StandardOutput/StandardError.
      const fd = openSync(log, openFlag());
      const port = await freePort();
      const relay = spawn(
        process.execPath,
        ['--unhandled-rejections=strict', ...nodeArgsFor('main')],
        {
          env: {
            ...process.env,
            NODE_ENV: 'production',
            LOG_LEVEL: 'info',
            ...TEST_RELAY_ENV,
            PORT: String(port),
            HOST: '127.0.0.1',
            WEB_DIST: 'none',
            DATA_DIR: join(dir, 'data'),
          },
          stdio: ['ignore', fd, fd],
        },
      );
      closeSync(fd);
      try {
        await expect
          .poll(() => existsSync(log) && readFileSync(log, 'utf8').includes('"relay listening"'), {
            timeout: 30_000,
          })
          .toBe(true);
        // The example as installed, on this test's file; `su` names the production user, whom
        // this machine may not have (the test's own user owns the folder).
        const config = join(dir, 'parley.logrotate');
        writeFileSync(config, rotation.replace(LOG, log).replace(/^\s*su .*$/m, ''), {
          mode: 0o644,
        });
        const rotated = await runTool('/usr/sbin/logrotate', [
          '-s',
          join(dir, 'state'),
          '-f',
          config,
        ]);
        expect(rotated.output).toBe('');
        expect(rotated.code).toBe(0);
        expect(readFileSync(log, 'utf8')).toBe('');

        // A line after the rotation: the relay's own, as it stops.
        await stopChild(relay);
        const before = jsonLines(`${log}.1`).map((l) => l.msg);
        const after = jsonLines(log).map((l) => l.msg);
        expect(before).toContain('relay listening');
        expect(after).toContain('relay stopped');
        expect(before).not.toContain('relay stopped');
      } finally {
        await stopChild(relay);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
