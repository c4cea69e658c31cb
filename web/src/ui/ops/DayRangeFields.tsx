import { useIntl } from 'react-intl';
import type { MessageId } from '../../i18n/intl.ts';
import type { DayRange } from './ops-format.ts';

/** The two ends of a period, each a date field with its label. */
const ENDS = [
  ['ops.from', 'fromDay'],
  ['ops.to', 'toDay'],
] as const satisfies readonly (readonly [MessageId, keyof DayRange])[];

/** The first and last UTC day of a period, as two date fields (inside a form). */
export function DayRangeFields({
  range,
  onChange,
}: {
  range: DayRange;
  onChange: (range: DayRange) => void;
}) {
  const intl = useIntl();
  return (
    <>
      {ENDS.map(([label, end]) => (
        <label key={end}>
          {intl.formatMessage({ id: label })}
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
