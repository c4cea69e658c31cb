import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { z } from 'zod';

/** The repository's root folder (ends with a slash). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A file of the repository, as text. */
export function repoFile(path: string): string {
  return readFileSync(`${ROOT}${path}`, 'utf8');
}

const alertRule = z.object({
  alert: z.string(),
  expr: z.string(),
  labels: z.object({ severity: z.enum(['critical', 'warning']) }),
  annotations: z.object({ summary: z.string(), description: z.string(), runbook_url: z.string() }),
});
const alertsFile = z.object({
  groups: z.array(z.object({ name: z.string(), rules: z.array(alertRule) })),
});
export type AlertRule = z.infer<typeof alertRule>;

/**
 * Every alert of deploy/prometheus/alerts.yml, each with a severity, a summary, a description
 * and a runbook link (the schema fails on a rule without them).
 */
export function alertRules(): AlertRule[] {
  return alertsFile
    .parse(parse(repoFile('deploy/prometheus/alerts.yml')))
    .groups.flatMap((g) => g.rules);
}

const run = promisify(execFile);

/** Runs `program`; its exit code and output (stdout and stderr together), never throws. */
export async function runTool(
  program: string,
  args: string[],
  options: { cwd?: string } = {},
): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(program, args, { ...options, encoding: 'utf8' });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string; message: string };
    const code = typeof e.code === 'number' ? e.code : -1;
    return { code, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message };
  }
}
