import { useApp, type InputMode } from '../state/store.ts';
import { useCall } from './call-context.ts';
import { Segmented, type SegmentedOption } from './Segmented.tsx';

const MODES: SegmentedOption<InputMode>[] = [
  { value: 'hands-free', label: 'Hands-free' },
  { value: 'push-to-talk', label: 'Push to talk' },
];

/** Hands-free or push-to-talk: switchable during a call, remembered per browser. */
export function InputModeSwitch() {
  const { controls } = useCall();
  const current = useApp((s) => s.inputMode);
  return (
    <Segmented
      name="input-mode"
      legend="How the assistant hears you"
      options={MODES}
      value={current}
      onChange={(mode) => controls.setInputMode(mode)}
      attributes={{ 'data-testid': 'input-mode', 'data-mode': current }}
    />
  );
}
