import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { clusterSkipReason } from '../cluster/daemons.ts';
import { stopDeadlineMs } from '../../src/server/stop-deadline.ts';
import { repoFile, ROOT, runTool } from './deploy-files.ts';
import { k8sFiles, k8sManifests, manifestsIn, schemaProblem, type Manifest } from './k8s-models.ts';

const all = () => [...k8sManifests().values()].flat();
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

// kubectl builds the kustomization: Debian's kubernetes-client (1.20, kustomize 2) or a newer one
// (scripts/setup-system.sh --for-tests installs Debian's where there is none). The schema checks
// run without it. With PARLEY_TEST_CLUSTER=1 (the test command) a missing one fails the run.
const skip = clusterSkipReason(['kubectl']);

describe('deploy/k8s: every manifest against the Kubernetes API schemas (kubernetes-models)', () => {
  it('every manifest of deploy/k8s passes its schema, and every kind the relays need is there', () => {
    const files = k8sManifests(['hpa-sessions.yaml']);
    // Every file is checked: listed in kustomization.yaml, or the autoscaler that can replace one.
    expect([...files.keys()].sort()).toEqual(k8sFiles().sort());
    const problems = [...files].flatMap(([file, docs]) =>
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
        'NetworkPolicy',
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
    // main.ts exits this long after SIGTERM, drained or not.
    const relayExitS = stopDeadlineMs(drainS * 1000) / 1000;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(preStopS + relayExitS);
    // From bench/results/capacity.md (deployment.yaml's comment has the arithmetic).
    expect(relay?.resources).toEqual({
      requests: { cpu: '500m', memory: '320Mi' },
      limits: { cpu: '1', memory: '640Mi' },
    });
  });

  it('secret.yaml ships without values: a placeholder applied as it was signed anyone in', () => {
    const [secret] = find('Secret');
    const data = z
      .object({ stringData: z.record(z.string(), z.string()) })
      .parse(secret).stringData;
    expect(Object.keys(data).sort()).toEqual(
      [
        'ADMIN_TOKEN',
        'DATABASE_URL',
        'JWT_SECRET',
        'METRICS_TOKEN',
        'REDIS_URL',
        'SETTINGS_KEY',
      ].sort(),
    );
    for (const [name, value] of Object.entries(data)) expect(value, name).toBe('');
    // Redis' address carries its password: only in the Secret.
    const [settings] = find('ConfigMap');
    expect(configMap.parse(settings).data).not.toHaveProperty('REDIS_URL');
  });

  it('relay pods: no service account token, every emptyDir capped, read-only, no capability, no privilege gain', () => {
    const [deployment] = find('Deployment');
    const pod = z
      .object({
        spec: z.object({
          template: z.object({
            spec: z.object({
              automountServiceAccountToken: z.boolean().optional(),
              volumes: z.array(
                z.object({
                  name: z.string(),
                  emptyDir: z.object({ sizeLimit: z.string().optional() }),
                }),
              ),
              containers: z.array(z.object({ securityContext: z.unknown() })),
            }),
          }),
        }),
      })
      .parse(deployment).spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.volumes.length).toBeGreaterThan(0);
    for (const v of pod.volumes) expect(v.emptyDir.sizeLimit, v.name).toMatch(/^\d+(Mi|Gi)$/);
    expect(pod.containers[0]?.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('Redis and PostgreSQL take connections from the relay pods only, on their own port', () => {
    const policies = find('NetworkPolicy');
    const policy = z.object({
      spec: z.object({
        podSelector: z.object({ matchLabels: z.record(z.string(), z.string()) }),
        policyTypes: z.array(z.string()),
        ingress: z.array(
          z.object({
            from: z.array(z.unknown()),
            ports: z.array(z.object({ protocol: z.string(), port: z.number() })),
          }),
        ),
      }),
    });
    const byTarget = new Map(
      policies.map((p) => {
        const { spec } = policy.parse(p);
        return [spec.podSelector.matchLabels['app.kubernetes.io/name'] ?? '', spec] as const;
      }),
    );
    expect([...byTarget.keys()].sort()).toEqual(['postgresql', 'redis']);
    for (const [target, port] of [
      ['redis', 6379],
      ['postgresql', 5432],
    ] as const) {
      expect(byTarget.get(target)?.policyTypes, target).toEqual(['Ingress']);
      expect(byTarget.get(target)?.ingress, target).toEqual([
        {
          from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'parley-relay' } } }],
          ports: [{ protocol: 'TCP', port }],
        },
      ]);
    }
  });

  it('hpa-sessions.yaml: the CPU autoscaler on live sessions per pod instead, as the API accepts it', () => {
    const [cpu] = manifestsIn(repoFile('deploy/k8s/hpa-cpu.yaml')) as Manifest[];
    const [sessions] = manifestsIn(repoFile('deploy/k8s/hpa-sessions.yaml')) as Manifest[];
    expect(schemaProblem(sessions)).toBeNull();
    const spec = z.object({ spec: z.object({ metrics: z.array(z.unknown()) }).loose() });
    const metrics = spec.parse(sessions).spec.metrics;
    expect(JSON.stringify(metrics)).toContain('"name":"parley_sessions_active"');
    // The same autoscaler but for its metric.
    expect({ ...sessions, spec: { ...spec.parse(sessions).spec, metrics: [] } }).toEqual({
      ...cpu,
      spec: { ...spec.parse(cpu).spec, metrics: [] },
    });
  });

  describe.skipIf(skip !== null)(
    `kubectl kustomize builds it${skip ? ` (SKIPPED: ${skip}; Debian's package is kubernetes-client)` : ''}`,
    () => {
      it('every object it builds passes its schema, in namespace parley, with the image set', async () => {
        const { code, output } = await runTool('kubectl', ['kustomize', `${ROOT}deploy/k8s`]);
        expect(code, output).toBe(0);
        const built = manifestsIn(output) as Manifest[];
        expect(built.length).toBe(11);
        expect(built.map((m) => schemaProblem(m)).filter((p) => p !== null)).toEqual([]);
        for (const m of built.filter((m) => m.kind !== 'Namespace'))
          expect(m.metadata, `${m.kind} ${m.metadata.name}`).toMatchObject({ namespace: 'parley' });
        expect(output).toContain('image: registry.example.com/parley/relay:latest');
        expect(JSON.stringify(find('HorizontalPodAutoscaler', built))).toContain('"name":"cpu"');
      });
    },
  );
});
