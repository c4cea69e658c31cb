import { useApp, type InputMode } from '../state/store.ts';
import { useCall } from './call-context.ts';

const MODES: { mode: InputMode; label: string }[] = [
  { mode: 'hands-free', label: 'Hands-free' },
  { mode: 'push-to-talk', label: 'Push to talk' },
];

/** Hands-free or push-to-talk: switchable during a call, remembered per browser. */
export function InputModeSwitch() {
  const { controls } = useCall();
  const current = useApp((s) => s.inputMode);
  return (
    <fieldset className="input-mode" data-testid="input-mode" data-mode={current}>
      <legend className="visually-hidden">How the assistant hears you</legend>
      {MODES.map(({ mode, label }) => (
        <label key={mode} className={mode === current ? 'input-mode-on' : undefined}>
          <input
            type="radio"
            name="input-mode"
            value={mode}
            checked={mode === current}
            onChange={() => controls.setInputMode(mode)}
          />
          {label}
        </label>
      ))}
    </fieldset>
  );
}
