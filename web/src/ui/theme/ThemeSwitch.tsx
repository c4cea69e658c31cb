import { useState } from 'react';
import { browserStorage } from '../../voice/call/audio-prefs.ts';
import { Segmented } from '../Segmented.tsx';
import {
  applyThemeChoice,
  loadThemeChoice,
  saveThemeChoice,
  THEME_CHOICES,
  type ThemeChoice,
} from './theme-choice.ts';

const LABELS: Record<ThemeChoice, string> = {
  system: 'Like the system',
  light: 'Light',
  dark: 'Dark',
};

/** Light, dark, or the system's: shown at once, remembered in this browser. */
export function ThemeSwitch() {
  const [choice, setChoice] = useState(() => loadThemeChoice(browserStorage()));
  const choose = (next: ThemeChoice) => {
    setChoice(next);
    saveThemeChoice(browserStorage(), next);
    applyThemeChoice(document, next);
  };
  return (
    <Segmented
      name="theme"
      legend="Theme"
      options={THEME_CHOICES.map((value) => ({ value, label: LABELS[value] }))}
      value={choice}
      onChange={choose}
      attributes={{ 'data-testid': 'theme-switch', 'data-theme-choice': choice }}
    />
  );
}
