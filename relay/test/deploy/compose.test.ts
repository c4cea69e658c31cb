import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { clusterSkipReason } from '../cluster/daemons.ts';
import { statsUsersConfig } from '../cluster/haproxy.ts';
import {
  COMPOSE_RELAYS,
  composeConfig,
  composeHaproxyConfig,
  type ComposeConfig,
} from './compose-files.ts';
import { repoFile, ROOT, runTool } from './deploy-files.ts';

// Debian's docker-compose (1.29), haproxy and promtool (prometheus), installed by
// scripts/setup-system.sh --for-tests; with PARLEY_TEST_CLUSTER=1 (the test command) a missing
// one fails the run.
const skip = clusterSkipReason(['docker-compose', 'haproxy', 'promtool']);
const COMPOSE = `${ROOT}deploy/compose.yaml`;

describe.skipIf(skip !== null)(
  `deploy/compose.yaml checked by docker-compose config${skip ? ` (SKIPPED: ${skip})` : ''}`,
  () => {
    let config: ComposeConfig;
    const dir = mkdtempSync(join(tmpdir(), 'parley-compose-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    beforeAll(async () => {
      const { code, output } = await runTool('docker-compose', ['-f', COMPOSE, 'config']);
      expect(output, output).not.toMatch(/ERROR|WARNING/);
      expect(code).toBe(0);
      config = composeConfig.parse(parse(output));
    });

    it('a file the compose tool accepts; one it does not is refused', async () => {
      // A misspelt key, an unknown service in depends_on: both refused, not ignored.
      const shipped = repoFile('deploy/compose.yaml');
      for (const [from, to] of [
        ['    interval: 15s\n', '    intervall: 15s\n'],
        ['      - relay-2\n', '      - relay-3\n'],
      ] as const) {
        expect(shipped).toContain(from);
        const broken = join(`${ROOT}deploy`, `.compose-broken-${process.pid}.yaml`);
        writeFileSync(broken, shipped.replace(from, to));
        try {
          const { code, output } = await runTool('docker-compose', ['-f', broken, 'config', '-q']);
          expect(code, output).not.toBe(0);
        } finally {
          rmSync(broken, { force: true });
        }
      }
    });

    it('every relay: its own id and volume, the shared Redis and settings secret, health checked', () => {
      const relays = Object.entries(config.services).filter(([, s]) => s.build !== undefined);
      expect(relays.map(([name]) => name)).toEqual([...COMPOSE_RELAYS]);
      const ids = new Set<string>();
      for (const [name, relay] of relays) {
        const env = relay.environment ?? {};
        expect(env.RELAY_ID).toBe(name);
        ids.add(env.RELAY_ID ?? '');
        expect(env).toMatchObject({
          AUTH_MODE: 'jwt',
          TRUST_PROXY: '1',
          PARLEY_CONFIG: '/run/secrets/relay_config',
        });
        // Redis' address carries its password: in the settings file, with the other secrets.
        expect(env.REDIS_URL).toBeUndefined();
        expect(relay.secrets).toEqual([{ source: 'relay_config' }]);
        expect(relay.volumes).toEqual([`${name}-data:/data:rw`]);
        expect(relay.healthcheck?.test.join(' ')).toContain('/health');
        expect(relay.depends_on).toMatchObject({
          redis: { condition: 'service_healthy' },
          postgres: { condition: 'service_healthy' },
        });
        // SIGTERM: up to SHUTDOWN_DRAIN_S of turns, then the relay exits within 10 s.
        expect(Number(env.SHUTDOWN_DRAIN_S)).toBeLessThanOrEqual(8);
        expect(relay.stop_grace_period).toBe('20s');
      }
      expect(ids.size).toBe(relays.length);
      for (const name of ['redis', 'postgres'])
        expect(config.services[name]?.healthcheck, name).toBeDefined();
      expect(Object.keys(config.secrets).sort()).toEqual(
        [
          'grafana_admin_password',
          'haproxy_stats_password',
          'haproxy_stats_users',
          'metrics_token',
          'postgres_password',
          'redis_users',
          'relay_config',
        ].sort(),
      );
      expect(Object.keys(config.volumes).sort()).toEqual(
        [
          ...COMPOSE_RELAYS.map((r) => `${r}-data`),
          'grafana-data',
          'postgres-data',
          'prometheus-data',
        ].sort(),
      );
    });

    it('HAProxy: the template filled for these relays, a config haproxy accepts', async () => {
      expect(repoFile('deploy/compose/haproxy.cfg')).toBe(composeHaproxyConfig());
      const haproxy = config.services.haproxy;
      expect(haproxy?.volumes).toContain(
        `${ROOT}deploy/compose/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro`,
      );
      // Its stats page's users, a second file: started with it, and checked with it.
      const withUsers = [
        '-f',
        '/usr/local/etc/haproxy/haproxy.cfg',
        '-f',
        '/run/secrets/haproxy_stats_users',
      ];
      expect(haproxy?.command).toEqual(['haproxy', ...withUsers]);
      expect(haproxy?.healthcheck?.test).toEqual(['CMD', 'haproxy', '-c', ...withUsers]);
      expect(haproxy?.secrets).toEqual([{ source: 'haproxy_stats_users' }]);
      // The relays' names resolve inside the compose network only: here haproxy warns and
      // starts without them (init-addr none), as it would before they start.
      const users = join(dir, 'haproxy-stats-users.cfg');
      writeFileSync(users, statsUsersConfig(randomBytes(24).toString('hex')));
      const { code, output } = await runTool('haproxy', [
        '-c',
        '-f',
        `${ROOT}deploy/compose/haproxy.cfg`,
        '-f',
        users,
      ]);
      expect(output).toContain('Configuration file is valid');
      expect(code).toBe(0);
    });

    it('every service: a read-only root, no capability, no privilege gain, limits on memory, CPU and processes', () => {
      const services = Object.entries(config.services);
      expect(services.length).toBe(COMPOSE_RELAYS.length + 5);
      for (const [name, s] of services) {
        expect(s.read_only, name).toBe(true);
        expect(s.cap_drop, name).toEqual(['ALL']);
        expect(s.security_opt, name).toContain('no-new-privileges:true');
        expect(s.mem_limit, name).toMatch(/^\d+[mg]$/);
        expect(s.cpus, name).toBeGreaterThan(0);
        expect(s.pids_limit, name).toBeGreaterThan(0);
        // Every tmpfs has a size: a full one takes no more than its limit.
        for (const tmpfs of s.tmpfs ?? []) expect(tmpfs, name).toMatch(/:size=\d+[mk],/);
      }
      // Redis' and PostgreSQL's images switch from root to their user, which needs capabilities
      // they no longer have: they start as it.
      expect(config.services.redis?.user).toBe('redis');
      expect(config.services.postgres?.user).toBe('postgres');
    });

    it('Redis and PostgreSQL: reached by the relays only, on an internal network; Redis takes only the relays user, with its password', () => {
      expect(config.networks?.data).toEqual({ internal: true });
      const onData = Object.entries(config.services)
        .filter(([, s]) => Object.keys(s.networks ?? {}).includes('data'))
        .map(([name]) => name);
      expect(onData.sort()).toEqual([...COMPOSE_RELAYS, 'postgres', 'redis'].sort());
      for (const name of ['redis', 'postgres']) {
        expect(Object.keys(config.services[name]?.networks ?? {}), name).toEqual(['data']);
        expect(config.services[name]?.ports, name).toBeUndefined();
      }
      const redis = config.services.redis;
      expect(redis?.command).toEqual(
        expect.arrayContaining(['redis-server', '--aclfile', '/run/secrets/redis_users']),
      );
      expect(redis?.secrets).toEqual([{ source: 'redis_users' }]);
      const acl = repoFile('deploy/compose/redis-users.acl.template')
        .split('\n')
        .filter((l) => l.startsWith('user '));
      expect(acl).toEqual([
        'user default off',
        expect.stringMatching(
          /^user parley on #\$\{REDIS_PASSWORD_SHA256\} resetchannels ~parley:\* &parley:\* /,
        ),
      ]);
    });

    it('Prometheus scrapes every relay with the token and loads our alerts; Grafana has the dashboard', async () => {
      const prometheus = repoFile('deploy/compose/prometheus.yml');
      for (const relay of COMPOSE_RELAYS) expect(prometheus).toContain(`- ${relay}:8787`);
      expect(prometheus).toContain('credentials_file: /run/secrets/metrics_token');
      // HAProxy's metrics take its stats user.
      expect(prometheus).toContain('password_file: /run/secrets/haproxy_stats_password');
      expect(config.services.prometheus?.secrets).toEqual([
        { source: 'metrics_token' },
        { source: 'haproxy_stats_password' },
      ]);
      expect(config.services.prometheus?.volumes).toContain(
        `${ROOT}deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro`,
      );
      const { code, output } = await runTool('promtool', [
        'check',
        'config',
        '--syntax-only',
        `${ROOT}deploy/compose/prometheus.yml`,
      ]);
      expect(code, output).toBe(0);
      expect(config.services.grafana?.volumes).toEqual(
        expect.arrayContaining([
          `${ROOT}deploy/grafana/parley-dashboard.json:/var/lib/grafana/dashboards/parley/parley-dashboard.json:ro`,
          `${ROOT}deploy/grafana/provisioning/dashboards/parley.yml:/etc/grafana/provisioning/dashboards/parley.yml:ro`,
        ]),
      );
      expect(repoFile('deploy/compose/grafana-datasource.yml')).toContain(
        'url: http://prometheus:9090',
      );
    });
  },
);
