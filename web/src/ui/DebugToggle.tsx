import { lazy, Suspense, useEffect, useState } from 'react';
import './debug/debug.css';
import { useIntl } from 'react-intl';

// recharts is large: the panel loads only when opened.
const DebugPanel = lazy(() => import('./debug/DebugPanel.tsx'));

/** `?debug=1`, or Ctrl+Shift+D (⌘⇧D), or the header button: the latency debug panel. */
export function useDebugPanel(): [boolean, (open: boolean) => void] {
  const [open, setOpen] = useState(
    () => new URLSearchParams(window.location.search).get('debug') === '1',
  );
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.key.toLowerCase() === 'd') {
        e.preventDefault();
        setOpen((v) => !v);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return [open, setOpen];
}

export function DebugPanelSlot({ open, onClose }: { open: boolean; onClose: () => void }) {
  const intl = useIntl();
  if (!open) return null;
  return (
    <Suspense
      fallback={
        <aside className="debug-panel">{intl.formatMessage({ id: 'debug.loading' })}</aside>
      }
    >
      <DebugPanel onClose={onClose} />
    </Suspense>
  );
}
