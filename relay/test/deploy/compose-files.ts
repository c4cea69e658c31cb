import { z } from 'zod';
import { haproxyConfig } from '../cluster/haproxy.ts';

/** The relay services of deploy/compose.yaml, in order. */
export const COMPOSE_RELAYS = ['relay-1', 'relay-2'] as const;

/**
 * deploy/compose/haproxy.cfg as it must read: deploy/haproxy.cfg.template filled for the
 * compose services (relays found by the container network's DNS, as they restart).
 */
export function composeHaproxyConfig(): string {
  return haproxyConfig({
    BIND: ':8080',
    UPSTREAM_SERVERS: COMPOSE_RELAYS.map(
      (name) => `server ${name} ${name}:8787 resolvers system init-addr last,libc,none`,
    ).join('\n  '),
    STATS_BIND: ':8404',
  });
}

const healthcheck = z.object({
  test: z.array(z.string()),
  interval: z.string(),
  timeout: z.string(),
  retries: z.number(),
});

const service = z.object({
  image: z.string(),
  build: z.object({ context: z.string(), dockerfile: z.string() }).optional(),
  user: z.string().optional(),
  command: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.string().nullable()).optional(),
  healthcheck: healthcheck.optional(),
  secrets: z.array(z.object({ source: z.string() })).optional(),
  volumes: z.array(z.string()).optional(),
  tmpfs: z.array(z.string()).optional(),
  ports: z.array(z.unknown()).optional(),
  networks: z.record(z.string(), z.unknown()).optional(),
  depends_on: z.record(z.string(), z.object({ condition: z.string() })).optional(),
  stop_grace_period: z.string().optional(),
  read_only: z.boolean().optional(),
  cap_drop: z.array(z.string()).optional(),
  security_opt: z.array(z.string()).optional(),
  mem_limit: z.string().optional(),
  cpus: z.number().optional(),
  pids_limit: z.number().optional(),
});

/** What `docker-compose config` prints (the parts the tests read). */
export const composeConfig = z.object({
  services: z.record(z.string(), service),
  networks: z.record(z.string(), z.object({ internal: z.boolean().optional() })).optional(),
  volumes: z.record(z.string(), z.unknown()),
  secrets: z.record(z.string(), z.object({ file: z.string() })),
});
export type ComposeConfig = z.infer<typeof composeConfig>;
