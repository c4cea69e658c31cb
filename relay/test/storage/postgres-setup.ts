// Vitest globalSetup: a throwaway PostgreSQL cluster for the storage suite.
//
//   TEST_DATABASE_URL=postgres://…  use that database; start nothing
//   PARLEY_TEST_POSTGRES=1          start one, installing PostgreSQL if needed; failing fails the run
//   PARLEY_TEST_POSTGRES=0          never: the PostgreSQL half of the suite is skipped
//   (unset)                         start one when the server binaries are installed, else skip
//
// Tests read the URL with `inject('testDatabaseUrl')` (null = skip, `testPostgresNote` says why).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL database the storage suite may use, or null to skip that half. */
    testDatabaseUrl: string | null;
    /** Why the PostgreSQL half runs or is skipped, for the test names. */
    testPostgresNote: string;
  }
}

const script = fileURLToPath(new URL('../../../scripts/postgres.sh', import.meta.url));

function run(command: string, env: Record<string, string>) {
  const result = spawnSync('bash', [script, command], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr };
}

export default function setup(project: TestProject): (() => void) | undefined {
  const given = process.env.TEST_DATABASE_URL;
  if (given !== undefined && given !== '') {
    project.provide('testDatabaseUrl', given);
    project.provide('testPostgresNote', 'TEST_DATABASE_URL');
    return undefined;
  }
  const mode = process.env.PARLEY_TEST_POSTGRES;
  const skipBecause =
    mode === '0'
      ? 'PARLEY_TEST_POSTGRES=0'
      : mode !== '1' && !run('available', {}).ok
        ? 'PostgreSQL is not installed (apt-get install postgresql, or PARLEY_TEST_POSTGRES=1)'
        : null;
  if (skipBecause !== null) {
    project.provide('testDatabaseUrl', null);
    project.provide('testPostgresNote', skipBecause);
    return undefined;
  }

  // A state file of our own, so concurrent test runs never stop each other's cluster.
  const stateDir = mkdtempSync(join(tmpdir(), 'parley-pg-state-'));
  const env = { PARLEY_PG_STATE: join(stateDir, 'cluster') };
  const started = performance.now();
  const start = run('start', env);
  const url = /^DATABASE_URL=(.+)$/m.exec(start.stdout.trim().split('\n').at(-1) ?? '')?.[1];
  if (!start.ok || url === undefined) {
    rmSync(stateDir, { recursive: true, force: true });
    throw new Error(`scripts/postgres.sh start failed:\n${start.stderr}${start.stdout}`);
  }
  const ms = Math.round(performance.now() - started);
  project.provide('testDatabaseUrl', url);
  project.provide('testPostgresNote', `throwaway cluster, started in ${ms} ms`);

  return () => {
    const stop = run('stop', env);
    rmSync(stateDir, { recursive: true, force: true });
    if (!stop.ok) throw new Error(`scripts/postgres.sh stop failed:\n${stop.stderr}`);
  };
}
