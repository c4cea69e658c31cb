import { useState } from 'react';
import { browserStorage } from '../../state/browser-storage.ts';
import { Segmented } from '../Segmented.tsx';
import type { MessageId } from '../../i18n/intl.ts';
import { useT } from '../../i18n/use-t.ts';
import {
  applyThemeChoice,
  loadThemeChoice,
  saveThemeChoice,
  THEME_CHOICES,
  type ThemeChoice,
} from './theme-choice.ts';

const LABELS = {
  system: 'theme.system',
  light: 'theme.light',
  dark: 'theme.dark',
} as const satisfies Record<ThemeChoice, MessageId>;

/** Light, dark, or the system's: shown at once, remembered in this browser. */
export function ThemeSwitch() {
  const t = useT();
  const [choice, setChoice] = useState(() => loadThemeChoice(browserStorage()));
  const choose = (next: ThemeChoice) => {
    setChoice(next);
    saveThemeChoice(browserStorage(), next);
    applyThemeChoice(document, next);
  };
  return (
    <Segmented
      name="theme"
      legend={t('theme.legend')}
      options={THEME_CHOICES.map((value) => ({ value, label: t(LABELS[value]) }))}
      value={choice}
      onChange={choose}
      attributes={{ 'data-testid': 'theme-switch', 'data-theme-choice': choice }}
    />
  );
}
