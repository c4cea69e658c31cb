import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { repoFile, ROOT, runTool } from './deploy-files.ts';
import { baseManifests, manifestsIn, schemaProblem, type Manifest } from './k8s-models.ts';

/** The relay's own bound on its stop: main.ts exits this long after SIGTERM, drained or not. */
const RELAY_EXIT_S = 10;

const all = () => [...baseManifests().values()].flat();
const find = (kind: string, manifests: unknown[] = all()) => {
  const found = manifests.filter((m) => z.object({ kind: z.literal(kind) }).safeParse(m).success);
  expect(found.length, kind).toBeGreaterThan(0);
  return found as Manifest[];
};

const probe = z.object({ httpGet: z.object({ path: z.string(), port: z.string() }) });
const relayPod = z.object({
  spec: z.object({
    template: z.object({
      spec: z.object({
        terminationGracePeriodSeconds: z.number(),
        containers: z.array(
          z.object({
            readinessProbe: probe,
            livenessProbe: probe,
            startupProbe: probe,
            lifecycle: z.object({
              preStop: z.object({
                exec: z.object({ command: z.tuple([z.literal('sleep'), z.string()]) }),
              }),
            }),
            resources: z.object({
              requests: z.object({ cpu: z.string(), memory: z.string() }),
              limits: z.object({ cpu: z.string(), memory: z.string() }),
            }),
          }),
        ),
      }),
    }),
  }),
});
const configMap = z.object({ data: z.record(z.string(), z.string()) });

// kubectl (with kustomize) is not in Debian's packages (bookworm's kubernetes-client is 1.20,
// whose kustomize predates these files' fields), so the project cannot install it: without it
// the build checks are skipped, loudly; the schema checks below run everywhere.
const kubectl = spawnSync('sh', ['-c', 'command -v kubectl']).status === 0;

describe('deploy/k8s: every manifest against the Kubernetes API schemas (kubernetes-models)', () => {
  it('every manifest of base/ passes its schema, and every kind the relays need is there', () => {
    const problems = [...baseManifests()].flatMap(([file, docs]) =>
      docs.map((d) => schemaProblem(d)).flatMap((p) => (p ? [`${file}: ${p}`] : [])),
    );
    expect(problems).toEqual([]);
    const kinds = all().map((m) => (m as Manifest).kind);
    expect(new Set(kinds)).toEqual(
      new Set([
        'Namespace',
        'ConfigMap',
        'Secret',
        'Deployment',
        'Service',
        'PodDisruptionBudget',
        'HorizontalPodAutoscaler',
        'Ingress',
      ]),
    );
  });

  it('a broken manifest fails the validator', () => {
    const [deployment] = find('Deployment');
    const pod = relayPod.parse(deployment).spec.template.spec;
    const broken: [string, unknown][] = [
      [
        'replicas as text',
        { ...deployment, spec: { ...(deployment?.spec as object), replicas: 'two' } },
      ],
      [
        'no containers',
        { ...deployment, spec: { ...(deployment?.spec as object), template: { spec: {} } } },
      ],
      [
        'a probe without its port',
        {
          ...deployment,
          spec: {
            ...(deployment?.spec as object),
            template: {
              spec: {
                ...pod,
                containers: [
                  { name: 'relay', image: 'x', readinessProbe: { httpGet: { path: '/ready' } } },
                ],
              },
            },
          },
        },
      ],
      ['an unknown kind', { apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } }],
    ];
    for (const [what, manifest] of broken) expect(schemaProblem(manifest), what).not.toBeNull();
    expect(schemaProblem(deployment)).toBeNull();
  });

  it('relay pods: ready on /ready, alive on /health, a preStop and grace period that cover the drain', () => {
    const [deployment] = find('Deployment');
    const pod = relayPod.parse(deployment).spec.template.spec;
    const [relay] = pod.containers;
    expect(relay?.readinessProbe.httpGet.path).toBe('/ready');
    expect(relay?.livenessProbe.httpGet.path).toBe('/health');
    expect(relay?.startupProbe.httpGet.path).toBe('/health');
    const preStopS = Number(relay?.lifecycle.preStop.exec.command[1]);
    expect(preStopS).toBeGreaterThan(0);
    // The relay's own stop must end inside the grace period, after the preStop.
    const [settings] = find('ConfigMap');
    const drainS = Number(configMap.parse(settings).data.SHUTDOWN_DRAIN_S);
    expect(drainS).toBeLessThan(RELAY_EXIT_S);
    expect(repoFile('relay/src/main.ts')).toContain(
      `setTimeout(() => process.exit(1), ${RELAY_EXIT_S}_000)`,
    );
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(preStopS + RELAY_EXIT_S);
    // From bench/results/capacity.md (deployment.yaml's comment has the arithmetic).
    expect(relay?.resources).toEqual({
      requests: { cpu: '500m', memory: '320Mi' },
      limits: { cpu: '1', memory: '640Mi' },
    });
  });

  it('sessions-hpa: the HorizontalPodAutoscaler with its patch passes the schema, on live sessions per pod', () => {
    const [hpa] = find('HorizontalPodAutoscaler');
    const [patch] = manifestsIn(
      repoFile('deploy/k8s/sessions-hpa/hpa-sessions.yaml'),
    ) as Manifest[];
    const metrics = z.object({ spec: z.object({ metrics: z.array(z.unknown()) }) }).parse(patch)
      .spec.metrics;
    // A list without a merge key: kustomize's strategic merge replaces it whole.
    const patched = { ...hpa, spec: { ...(hpa?.spec as object), metrics } };
    expect(schemaProblem(patched)).toBeNull();
    expect(JSON.stringify(metrics)).toContain('"name":"parley_sessions_active"');
  });

  describe.skipIf(!kubectl)(
    `kubectl kustomize builds both${kubectl ? '' : ' (SKIPPED: no kubectl; Debian has none recent enough — install it from pkgs.k8s.io)'}`,
    () => {
      for (const dir of ['deploy/k8s', 'deploy/k8s/sessions-hpa'])
        it(`${dir}: every object it builds passes its schema, in namespace parley`, async () => {
          const { code, output } = await runTool('kubectl', ['kustomize', `${ROOT}${dir}`]);
          expect(code, output).toBe(0);
          const built = manifestsIn(output) as Manifest[];
          expect(built.length).toBe(9);
          expect(built.map((m) => schemaProblem(m)).filter((p) => p !== null)).toEqual([]);
          for (const m of built.filter((m) => m.kind !== 'Namespace'))
            expect(m.metadata, `${m.kind} ${m.metadata.name}`).toMatchObject({
              namespace: 'parley',
            });
          expect(output).toContain('image: registry.example.com/parley/relay:latest');
          const hpa = JSON.stringify(find('HorizontalPodAutoscaler', built));
          expect(hpa).toContain(dir.endsWith('sessions-hpa') ? 'parley_sessions_active' : '"cpu"');
        });
    },
  );
});
