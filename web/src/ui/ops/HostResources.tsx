import type { HostStats, PoolStatus } from '@parley/shared';
import { DebugTable } from '../DebugTable.tsx';
import { formatBytes, formatShare } from './ops-format.ts';
import { useIntl } from 'react-intl';
import type { MessageId, MessageValues } from '../../i18n/intl.ts';
import { formatMs } from '../PercentileTable.tsx';

const POOL_NAMES = {
  asr: 'ops.pool.asr',
  tts: 'ops.pool.tts',
} as const satisfies Readonly<Record<PoolStatus['pool'], MessageId>>;

/**
 * The machine beside the relay process — CPU of all cores, load, memory, the data folder's
 * disk — and the embedded engines' worker pools: workers, busy ones, queue depth.
 */
export function HostResources({ host, pools }: { host: HostStats; pools: readonly PoolStatus[] }) {
  const intl = useIntl();
  const t = (id: MessageId, values?: MessageValues) => intl.formatMessage({ id }, values);
  const bytes = (n: number) => formatBytes(intl, n);
  const memUsed = host.memTotalBytes - host.memFreeBytes;
  return (
    <section data-testid="ops-host">
      <h2>{t('ops.host')}</h2>
      <div className="ops-cards">
        <div className="ops-card">
          <span>{t('ops.hostCpu', { cores: host.cpus })}</span>
          <strong data-testid="ops-host-cpu">{formatShare(intl, host.cpuBusy)}</strong>
        </div>
        <div className="ops-card">
          <span>{t('ops.load')}</span>
          <strong>
            {host.loadAvg
              .map((l) =>
                intl.formatNumber(l, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
              )
              .join(' / ')}
          </strong>
        </div>
        <div className="ops-card">
          <span>{t('ops.hostMemory')}</span>
          <strong>{t('ops.of', { used: bytes(memUsed), total: bytes(host.memTotalBytes) })}</strong>
        </div>
        <div className="ops-card">
          <span>
            {host.disk ? t('ops.diskFreeAt', { path: host.disk.path }) : t('ops.diskFree')}
          </span>
          <strong data-testid="ops-host-disk">
            {host.disk
              ? t('ops.of', {
                  used: bytes(host.disk.freeBytes),
                  total: bytes(host.disk.totalBytes),
                })
              : '–'}
          </strong>
        </div>
      </div>
      <DebugTable
        testId="ops-pools"
        headings={[
          t('ops.col.pool'),
          t('ops.col.provider'),
          t('ops.col.workers'),
          t('ops.col.busy'),
          t('ops.col.queued'),
          t('ops.col.audioWaiting'),
        ]}
      >
        {pools.map((p) => (
          <tr key={`${p.pool}-${p.provider}`} data-pool={p.pool}>
            <td>{t(POOL_NAMES[p.pool])}</td>
            <td>{p.provider}</td>
            <td>
              {p.maxWorkers === null
                ? p.workers
                : t('ops.workersOf', { workers: p.workers, max: p.maxWorkers })}
            </td>
            <td>{p.busy}</td>
            <td>{p.queued}</td>
            <td>{formatMs(intl, p.queuedAudioMs)}</td>
          </tr>
        ))}
      </DebugTable>
    </section>
  );
}
