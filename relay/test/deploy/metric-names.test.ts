import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestRelay, type TestRelay } from '../harness.ts';
import { alertRules, repoFile } from './deploy-files.ts';
import { metricNamesIn } from './promql.ts';

/**
 * Every metric the alerts and the Grafana dashboard query is one a real relay exports: a
 * renamed metric would otherwise leave an alert that never fires and an empty panel.
 * prom-client prints `# TYPE` for every registered metric, samples or not.
 */

/** Series Prometheus makes itself for each scrape, not the relay. */
const FROM_PROMETHEUS = new Set(['up']);

interface Panel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}
const dashboardSchema = z.object({
  panels: z.array(z.custom<Panel>()),
  templating: z.object({
    list: z.array(z.object({ name: z.string(), query: z.unknown().optional() })),
  }),
});

/** Every PromQL expression of the dashboard: panels (rows' included) and variables' queries. */
function dashboardQueries(): { where: string; expr: string }[] {
  const dashboard = dashboardSchema.parse(
    JSON.parse(repoFile('deploy/grafana/parley-dashboard.json')),
  );
  const fromPanels = (panels: Panel[]): { where: string; expr: string }[] =>
    panels.flatMap((p) => [
      ...(p.targets ?? []).map((t) => ({ where: `panel "${p.title ?? '?'}"`, expr: t.expr ?? '' })),
      ...fromPanels(p.panels ?? []),
    ]);
  const fromVariables = dashboard.templating.list.flatMap((v) => {
    const query =
      typeof v.query === 'object' && v.query ? (v.query as { query?: unknown }).query : v.query;
    // label_values(<selector>, <label>): the selector is PromQL.
    const selector =
      typeof query === 'string' ? /^label_values\((.+),\s*\w+\)$/.exec(query)?.[1] : undefined;
    return selector ? [{ where: `variable $${v.name}`, expr: selector }] : [];
  });
  return [...fromPanels(dashboard.panels), ...fromVariables];
}

describe('metrics the alerts and the dashboard query', () => {
  let relay: TestRelay;
  const types = new Map<string, string>();
  beforeAll(async () => {
    relay = await startTestRelay({ HEALTH_PROBE_INTERVAL_S: '0' });
    const res = await fetch(`${relay.url}/metrics`);
    expect(res.status).toBe(200);
    for (const [, name = '', type = ''] of (await res.text()).matchAll(/^# TYPE (\S+) (\S+)$/gm))
      types.set(name, type);
  });
  afterAll(() => relay.close());

  /** The name as the relay exports it: a histogram's series name its family. */
  const exported = (name: string) => {
    if (FROM_PROMETHEUS.has(name) || types.has(name)) return true;
    const family = /^(.+)_(?:bucket|sum|count)$/.exec(name)?.[1];
    return family !== undefined && types.get(family) === 'histogram';
  };

  it('the relay exports its metrics (what the checks below compare against)', () => {
    expect(types.get('parley_voice_to_voice_seconds')).toBe('histogram');
    expect(types.get('process_resident_memory_bytes')).toBe('gauge');
  });

  it('alerts.yml queries only exported metrics', () => {
    const rules = alertRules();
    const used = rules.flatMap((r) =>
      metricNamesIn(r.expr).map((name) => ({ name, where: r.alert })),
    );
    expect(used.map((u) => u.name)).toContain('parley_voice_to_voice_seconds_bucket');
    expect(used.filter((u) => !exported(u.name))).toEqual([]);
  });

  it('the Grafana dashboard queries only exported metrics', () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThan(20);
    const used = queries.flatMap((q) =>
      metricNamesIn(q.expr).map((name) => ({ name, where: q.where })),
    );
    // Every query selects something.
    expect(queries.filter((q) => metricNamesIn(q.expr).length === 0)).toEqual([]);
    expect(used.filter((u) => !exported(u.name))).toEqual([]);
  });

  it('the sessions HorizontalPodAutoscaler (deploy/k8s/hpa-sessions.yaml) scales on an exported gauge', () => {
    const name = /name: (parley_\w+)/.exec(repoFile('deploy/k8s/hpa-sessions.yaml'))?.[1];
    expect(name).toBe('parley_sessions_active');
    expect(types.get(name ?? '')).toBe('gauge');
  });
});
