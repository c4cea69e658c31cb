import type { Hono } from 'hono';
import { summarize, type OpsOverview } from '@parley/shared';
import { HostSampler } from '../ops/host-stats.ts';
import { poolStatuses } from '../ops/pools.ts';
import { turnOutcome } from '../storage/index.ts';
import type { RelayContext } from './context.ts';
import { adminGuard, type GuardedEnv } from './guards.ts';

/**
 * `GET /api/admin/overview`: what the ops dashboard shows — active sessions, latency
 * percentiles per stage and turn outcomes over recent turns, provider states, the last 10
 * turns, process CPU and memory beside the host's CPU, memory and disk, the latency targets, and
 * the embedded engines' worker pools. Admin only (`ADMIN_TOKEN`).
 */
export function mountOpsApi(app: Hono<GuardedEnv>, ctx: RelayContext): void {
  const started = Date.now();
  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();
  const host = new HostSampler(ctx.settings.dataDir);
  app.get('/api/admin/overview', adminGuard(ctx), async (c) => {
    const turns = await ctx.storage.turns.recent(200);
    const targets = await ctx.latencyTargets.report();
    const cpu = process.cpuUsage(lastCpu);
    const now = performance.now();
    const cpuShare = (cpu.user + cpu.system) / 1000 / Math.max(1, now - lastAt);
    lastCpu = process.cpuUsage();
    lastAt = now;
    const memory = process.memoryUsage();
    const statuses: Record<string, number> = {};
    for (const t of turns) statuses[turnOutcome(t)] = (statuses[turnOutcome(t)] ?? 0) + 1;
    const minutes = new Map<number, { minute: number; turns: number; failed: number }>();
    for (const t of turns) {
      const minute = Math.floor(t.createdAt / 60_000) * 60_000;
      const m = minutes.get(minute) ?? { minute, turns: 0, failed: 0 };
      m.turns++;
      if (t.status === 'failed') m.failed++;
      minutes.set(minute, m);
    }
    const over = (timing: keyof OpsOverview['latency']) =>
      summarize(turns.flatMap((t) => t.timings[timing] ?? []));
    c.header('Cache-Control', 'no-store');
    return c.json({
      atMs: Date.now(),
      uptimeS: Math.round((Date.now() - started) / 1000),
      sessionsActive: ctx.registry.size,
      process: {
        cpu: Math.round(cpuShare * 1000) / 1000,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
      },
      host: await host.sample(),
      pools: poolStatuses(ctx.providers.current),
      latency: {
        asrFinalMs: over('asrFinalMs'),
        llmFirstTokenMs: over('llmFirstTokenMs'),
        ttsFirstAudioMs: over('ttsFirstAudioMs'),
        relayFirstAudioMs: over('relayFirstAudioMs'),
      },
      targets,
      statuses,
      perMinute: [...minutes.values()].sort((a, b) => a.minute - b.minute),
      providers: ctx.providers.status(),
      ready: Object.values(ctx.providers.readiness()).every((s) => s.ready),
      recentTurns: turns.slice(0, 10).map((t) => ({
        sessionId: t.sessionId,
        turnId: t.turnId,
        userText: t.userText,
        assistantText: t.assistantText,
        status: turnOutcome(t),
        timings: t.timings,
        providers: t.providers,
        createdAt: t.createdAt,
      })),
      watchdogs: ctx.watchdogs.status(),
    } satisfies OpsOverview);
  });
}
