import type { DayRange } from './ops-format.ts';

/** The two ends of a period, each a date field with its label. */
const ENDS = [
  ['From', 'fromDay'],
  ['To', 'toDay'],
] as const satisfies readonly (readonly [string, keyof DayRange])[];

/** The first and last UTC day of a period, as two date fields (inside a form). */
export function DayRangeFields({
  range,
  onChange,
}: {
  range: DayRange;
  onChange: (range: DayRange) => void;
}) {
  return (
    <>
      {ENDS.map(([label, end]) => (
        <label key={end}>
          {label}
          <input
            type="date"
            value={range[end]}
            onChange={(e) => onChange({ ...range, [end]: e.target.value })}
            required
          />
        </label>
      ))}
    </>
  );
}
