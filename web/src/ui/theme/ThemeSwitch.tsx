import { useState } from 'react';
import { browserStorage } from '../../voice/call/audio-prefs.ts';
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
    <fieldset className="segmented" data-testid="theme-switch" data-theme-choice={choice}>
      <legend className="visually-hidden">Theme</legend>
      {THEME_CHOICES.map((option) => (
        <label key={option} className={option === choice ? 'segmented-on' : undefined}>
          <input
            type="radio"
            name="theme"
            value={option}
            checked={option === choice}
            onChange={() => choose(option)}
          />
          {LABELS[option]}
        </label>
      ))}
    </fieldset>
  );
}
