import { useEffect, useState } from 'react';
import { cancelReminder, listReminders } from '../../net/tools-api.ts';
import { reminderRows } from './tool-lists.ts';
import { ToolItems } from './ToolItems.tsx';
import { useToolList } from './use-tool-list.ts';
import { useIntl } from 'react-intl';

const load = async (signal: AbortSignal) => (await listReminders(signal)).reminders;

/** How often the "in 4 min" of each row is said again (ms). */
const TICK_MS = 15_000;

/**
 * The user's timers and reminders ("remind me in ten minutes to…", set by the assistant): when
 * each rings, and Cancel. They ring on any page of the user's open when due, or at the next one.
 */
export function Reminders({ onClose }: { onClose: () => void }) {
  const intl = useIntl();
  const list = useToolList(load, cancelReminder);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return (
    <section className="history" data-testid="reminders" aria-labelledby="reminders-heading">
      <header className="history-header">
        <h2 id="reminders-heading" tabIndex={-1}>
          {intl.formatMessage({ id: 'reminders.heading' })}
        </h2>
        <button
          type="button"
          onClick={onClose}
          aria-label={intl.formatMessage({ id: 'reminders.close' })}
        >
          ✕
        </button>
      </header>
      <ToolItems
        rows={list.items ? reminderRows(intl, list.items, now) : null}
        error={list.error}
        empty={intl.formatMessage({ id: 'reminders.empty' })}
        removeLabel={intl.formatMessage({ id: 'reminders.cancel' })}
        onRemove={list.remove}
        testId="reminder-list"
      />
    </section>
  );
}
