import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { clusterSkipReason } from '../cluster/daemons.ts';
import { alertRules, repoFile, ROOT, runTool } from './deploy-files.ts';

// promtool is Debian's `prometheus` package, installed by scripts/setup-system.sh --for-tests;
// with PARLEY_TEST_CLUSTER=1 (the test command) a missing one fails the run.
const skip = clusterSkipReason(['promtool']);
const PROMETHEUS = `${ROOT}deploy/prometheus`;
const TOKEN_FILE = '/etc/prometheus/parley-metrics-token';

describe.skipIf(skip !== null)(
  `deploy/prometheus checked by promtool${skip ? ` (SKIPPED: ${skip})` : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-prometheus-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('alerts.yml: rules promtool accepts', async () => {
      const { code, output } = await runTool('promtool', ['check', 'rules', 'alerts.yml'], {
        cwd: PROMETHEUS,
      });
      expect(output).toContain(`SUCCESS: ${alertRules().length} rules found`);
      expect(code).toBe(0);
    });

    it('prometheus.yml: a valid configuration, its rule file and token file included', async () => {
      // The token file is the operator's: here, one in a temp folder, with the config beside it.
      const config = repoFile('deploy/prometheus/prometheus.yml');
      expect(config).toContain(`credentials_file: ${TOKEN_FILE}`);
      writeFileSync(join(dir, 'token'), 'a-metrics-token\n');
      writeFileSync(
        join(dir, 'prometheus.yml'),
        config.replace(
          `credentials_file: ${TOKEN_FILE}`,
          `credentials_file: ${join(dir, 'token')}`,
        ),
      );
      copyFileSync(join(PROMETHEUS, 'alerts.yml'), join(dir, 'alerts.yml'));
      const full = await runTool(
        'promtool',
        ['check', 'config', '--lint=all', '--lint-fatal', 'prometheus.yml'],
        {
          cwd: dir,
        },
      );
      expect(full.output).toMatch(/SUCCESS: 1 rule files found/);
      expect(full.output).not.toMatch(/FAILED|WARNING/);
      expect(full.code).toBe(0);
      // The file as shipped, files it names left out.
      const shipped = await runTool(
        'promtool',
        ['check', 'config', '--syntax-only', 'prometheus.yml'],
        {
          cwd: PROMETHEUS,
        },
      );
      expect(shipped.code, shipped.output).toBe(0);
    });

    it('scrapes the relays with the metrics token, each relay itself', () => {
      const config = z
        .object({
          scrape_configs: z.array(
            z.object({
              job_name: z.string(),
              metrics_path: z.string(),
              authorization: z.object({ type: z.string(), credentials_file: z.string() }),
              static_configs: z.array(z.object({ targets: z.array(z.string()) })),
            }),
          ),
        })
        .parse(parse(readFileSync(join(PROMETHEUS, 'prometheus.yml'), 'utf8')));
      const job = config.scrape_configs.find((j) => j.job_name === 'parley');
      // The alerts and the dashboard select job="parley".
      expect(job).toMatchObject({ metrics_path: '/metrics', authorization: { type: 'Bearer' } });
      expect(job?.static_configs.flatMap((s) => s.targets).length).toBeGreaterThan(1);
    });

    it('alerts.test.yml: each alert fires on the series it is for, and not on the others', async () => {
      const { code, output } = await runTool('promtool', ['test', 'rules', 'alerts.test.yml'], {
        cwd: PROMETHEUS,
      });
      expect(output).toContain('SUCCESS');
      expect(code).toBe(0);
    });

    it('alerts.test.yml makes every alert fire at least once', () => {
      const tests = z
        .object({
          tests: z.array(
            z.object({
              alert_rule_test: z.array(
                z.object({ alertname: z.string(), exp_alerts: z.array(z.unknown()) }),
              ),
            }),
          ),
        })
        .parse(parse(repoFile('deploy/prometheus/alerts.test.yml')));
      const fired = new Set(
        tests.tests
          .flatMap((t) => t.alert_rule_test)
          .filter((t) => t.exp_alerts.length > 0)
          .map((t) => t.alertname),
      );
      expect([...fired].sort()).toEqual(
        alertRules()
          .map((r) => r.alert)
          .sort(),
      );
    });
  },
);
