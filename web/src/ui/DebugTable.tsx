import type { ReactNode } from 'react';

/** A table of the debug panel and the ops dashboard: one header row of `headings`, then `children` rows. */
export function DebugTable({
  testId,
  headings,
  children,
}: {
  testId: string;
  headings: string[];
  children: ReactNode;
}) {
  return (
    <table className="debug-table" data-testid={testId}>
      <thead>
        <tr>
          {headings.map((h) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
