/** One option of a {@link Segmented} choice. */
export interface SegmentedOption<T extends string> {
  value: T;
  label: string;
}

/**
 * A choice of one among a few, as one pill of radio labels (controls.css `.segmented`): the
 * radios are the controls (keyboard, screen readers), their labels show the choice. `legend`
 * names the group for screen readers; `attributes` go on the group (its test id, the value).
 */
export function Segmented<T extends string>(props: {
  name: string;
  legend: string;
  options: readonly SegmentedOption<T>[];
  value: T;
  onChange: (value: T) => void;
  attributes: Record<`data-${string}`, string>;
}) {
  const { name, legend, options, value, onChange, attributes } = props;
  return (
    <fieldset className="segmented" {...attributes}>
      <legend className="visually-hidden">{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className={option.value === value ? 'segmented-on' : undefined}>
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={option.value === value}
            onChange={() => onChange(option.value)}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
