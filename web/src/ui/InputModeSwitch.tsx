import { useApp, type InputMode } from '../state/store.ts';
import { useCall } from './call-context.ts';
import { Segmented, type SegmentedOption } from './Segmented.tsx';
import { useT } from '../i18n/use-t.ts';

/** Hands-free or push-to-talk: switchable during a call, remembered per browser. */
export function InputModeSwitch() {
  const t = useT();
  const { controls } = useCall();
  const modes: SegmentedOption<InputMode>[] = [
    { value: 'hands-free', label: t('mode.handsFree') },
    { value: 'push-to-talk', label: t('mode.pushToTalk') },
  ];
  const current = useApp((s) => s.inputMode);
  return (
    <Segmented
      name="input-mode"
      legend={t('mode.legend')}
      options={modes}
      value={current}
      onChange={(mode) => controls.setInputMode(mode)}
      attributes={{ 'data-testid': 'input-mode', 'data-mode': current }}
    />
  );
}
