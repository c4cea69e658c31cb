import type { DayRange } from './ops-format.ts';

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
      <label>
        From
        <input
          type="date"
          value={range.fromDay}
          onChange={(e) => onChange({ ...range, fromDay: e.target.value })}
          required
        />
      </label>
      <label>
        To
        <input
          type="date"
          value={range.toDay}
          onChange={(e) => onChange({ ...range, toDay: e.target.value })}
          required
        />
      </label>
    </>
  );
}
