import type { ToolCallView } from '../../state/types.ts';
import { technicalLine } from './tool-call-text.ts';
import { toolSentence, toolWords } from './tool-words.ts';
import { useIntl } from 'react-intl';
import './tool-calls.css';

/**
 * The tool calls of a reply (in the transcript and in a past conversation), each in a sentence
 * people read: what it is doing, what it did ("Reminder set for 2:17 PM: stretch"), or why not.
 * The technical line — name, arguments, status, time — is the latency panel's, the exports'
 * and the row's tooltip.
 */
export function ToolCallList({ calls }: { calls: readonly ToolCallView[] }) {
  const intl = useIntl();
  if (calls.length === 0) return null;
  const words = toolWords(intl);
  return (
    <ul className="tool-calls" aria-label={intl.formatMessage({ id: 'tool.listLabel' })}>
      {calls.map((c) => (
        <li
          key={c.callId}
          className={`tool-call tool-call-${c.status}`}
          data-testid="tool-call"
          data-name={c.name}
          data-status={c.status}
          title={technicalLine(intl, c)}
        >
          <span className="tool-call-summary" data-testid="tool-call-summary">
            {toolSentence(c, words)}
          </span>
        </li>
      ))}
    </ul>
  );
}
