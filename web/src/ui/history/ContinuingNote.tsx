import { useApp } from '../../state/store.ts';

/** Says which past conversation the next message goes on with. */
export function ContinuingNote() {
  const continuing = useApp((s) => s.continuing);
  if (!continuing) return null;
  return (
    <p className="continuing" role="status" data-testid="continuing">
      Continuing “{continuing.title ?? 'Untitled'}”: type or press Talk to go on.
    </p>
  );
}
