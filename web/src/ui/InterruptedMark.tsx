import { useT } from '../i18n/use-t.ts';

/** After the last words heard of a reply the user cut short. */
export function InterruptedMark() {
  const t = useT();
  return (
    <span className="bubble-mark" data-testid="interrupted-mark">
      {' '}
      {t('transcript.interrupted')}
    </span>
  );
}
