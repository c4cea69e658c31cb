import type { ToolCallView } from '../../state/types.ts';
import { durationText, shortArguments, statusText } from './tool-call-text.ts';
import './tool-calls.css';

/**
 * The tool calls of a reply (in the transcript and in a past conversation): each tool's name,
 * its arguments in short, how it is or ended, what it gave, and how long it took.
 */
export function ToolCallList({ calls }: { calls: readonly ToolCallView[] }) {
  if (calls.length === 0) return null;
  return (
    <ul className="tool-calls" aria-label="Tools used">
      {calls.map((c) => {
        const took = durationText(c.startedAtMs, c.endedAtMs);
        const args = shortArguments(c.arguments);
        return (
          <li
            key={c.callId}
            className={`tool-call tool-call-${c.status}`}
            data-testid="tool-call"
            data-name={c.name}
            data-status={c.status}
          >
            <span className="tool-call-name">{c.name}</span>
            {args === '' ? null : <span className="tool-call-args"> ({args})</span>}
            <span className="tool-call-status">: {statusText(c.status)}</span>
            {c.summary ? (
              <span className="tool-call-summary" data-testid="tool-call-summary">
                {' '}
                — {c.summary}
              </span>
            ) : null}
            {took === null ? null : <span className="tool-call-took"> · {took}</span>}
          </li>
        );
      })}
    </ul>
  );
}
