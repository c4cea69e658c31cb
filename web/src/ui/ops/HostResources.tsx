import type { HostStats, PoolStatus } from '@parley/shared';
import { DebugTable } from '../DebugTable.tsx';
import { formatBytes, formatShare } from './ops-format.ts';

const POOL_NAMES: Readonly<Record<PoolStatus['pool'], string>> = {
  asr: 'Recogniser decoders',
  tts: 'Voice threads',
};

/**
 * The machine beside the relay process — CPU of all cores, load, memory, the data folder's
 * disk — and the embedded engines' worker pools: workers, busy ones, queue depth.
 */
export function HostResources({ host, pools }: { host: HostStats; pools: readonly PoolStatus[] }) {
  const memUsed = host.memTotalBytes - host.memFreeBytes;
  return (
    <section data-testid="ops-host">
      <h2>Host and worker pools</h2>
      <div className="ops-cards">
        <div className="ops-card">
          <span>Host CPU ({host.cpus} cores)</span>
          <strong data-testid="ops-host-cpu">{formatShare(host.cpuBusy)}</strong>
        </div>
        <div className="ops-card">
          <span>Load 1 / 5 / 15 min</span>
          <strong>{host.loadAvg.map((l) => l.toFixed(1)).join(' / ')}</strong>
        </div>
        <div className="ops-card">
          <span>Host memory used</span>
          <strong>
            {formatBytes(memUsed)} of {formatBytes(host.memTotalBytes)}
          </strong>
        </div>
        <div className="ops-card">
          <span>Disk free{host.disk ? ` (${host.disk.path})` : ''}</span>
          <strong data-testid="ops-host-disk">
            {host.disk
              ? `${formatBytes(host.disk.freeBytes)} of ${formatBytes(host.disk.totalBytes)}`
              : '–'}
          </strong>
        </div>
      </div>
      <DebugTable
        testId="ops-pools"
        headings={['Pool', 'Provider', 'Workers', 'Busy', 'Queued', 'Audio waiting']}
      >
        {pools.map((p) => (
          <tr key={`${p.pool}-${p.provider}`} data-pool={p.pool}>
            <td>{POOL_NAMES[p.pool]}</td>
            <td>{p.provider}</td>
            <td>
              {p.workers}
              {p.maxWorkers === null ? '' : ` of ${p.maxWorkers}`}
            </td>
            <td>{p.busy}</td>
            <td>{p.queued}</td>
            <td>{p.queuedAudioMs === null ? '–' : `${Math.round(p.queuedAudioMs)} ms`}</td>
          </tr>
        ))}
      </DebugTable>
    </section>
  );
}
