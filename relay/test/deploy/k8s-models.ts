import { readdirSync } from 'node:fs';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { parse, parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { repoFile, ROOT } from './deploy-files.ts';

/** What a kubernetes-models class does with a manifest: throws when the API's schema refuses it. */
type Model = new (data: never) => { validate(): void };

/**
 * The kinds deploy/k8s uses, by `apiVersion/kind`, each with its model from `kubernetes-models`
 * (validated with the Kubernetes API's own JSON schemas). A kind missing here fails the test:
 * add its model.
 */
const MODELS: Record<string, Model> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

const manifestHead = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.object({ name: z.string() }),
});

/** A Kubernetes object as YAML gives it. */
export type Manifest = z.infer<typeof manifestHead> & Record<string, unknown>;

/**
 * Why the API would refuse `manifest` (its kind unknown here, a type, a required field, a
 * format), or null when its schema accepts it.
 */
export function schemaProblem(manifest: unknown): string | null {
  const head = manifestHead.safeParse(manifest);
  if (!head.success) return `not a Kubernetes object: ${head.error.message}`;
  const { apiVersion, kind, metadata } = head.data;
  const model = MODELS[`${apiVersion}/${kind}`];
  if (!model) return `${apiVersion} ${kind}: no model in relay/test/deploy/k8s-models.ts`;
  try {
    new model(manifest as never).validate();
    return null;
  } catch (err) {
    return `${kind} ${metadata.name}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** Every document of a YAML text (`---` between them). */
export function manifestsIn(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => d.toJS() as unknown);
}

const kustomization = z.object({ resources: z.array(z.string()) });

/** deploy/k8s's manifests by file: those its kustomization.yaml lists, then `extra` files. */
export function k8sManifests(extra: string[] = []): Map<string, unknown[]> {
  const listed = kustomization.parse(parse(repoFile('deploy/k8s/kustomization.yaml'))).resources;
  return new Map([...listed, ...extra].map((f) => [f, manifestsIn(repoFile(`deploy/k8s/${f}`))]));
}

/** The files of deploy/k8s (kustomization.yaml aside). */
export function k8sFiles(): string[] {
  return readdirSync(`${ROOT}deploy/k8s`).filter(
    (f) => f.endsWith('.yaml') && f !== 'kustomization.yaml',
  );
}
