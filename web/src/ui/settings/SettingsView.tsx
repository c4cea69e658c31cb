import { useEffect, useMemo, useRef, useState } from 'react';
import type { PreferencesResponse } from '@parley/shared';
import { mcpServersApi } from '../../net/mcp-api.ts';
import { getPreferences, providerSettingsApi } from '../../net/settings-api.ts';
import type { MessageId } from '../../i18n/intl.ts';
import type { RecogniserChoice } from '../../settings/recogniser-choice.ts';
import { settingsErrorText } from '../../settings/settings-text.ts';
import { McpServers } from './McpServers.tsx';
import { PreferencesForm } from './PreferencesForm.tsx';
import { ProviderSettings } from './ProviderSettings.tsx';
import { ThemeSwitch } from '../theme/ThemeSwitch.tsx';
import { NotesSection } from '../tools/NotesSection.tsx';
import { NotificationsSetting } from '../reminders/NotificationsSetting.tsx';
import { useIntl } from 'react-intl';

/** Where the view opens: at its top, or at the assistant's providers (the Offline banner's link). */
export type SettingsSection = 'top' | 'assistant';

/**
 * Settings: the user's own preferences, and — for the one who may (dev mode's local
 * user) — the assistant's providers. In jwt mode the providers are the admin's, in /ops.
 */
export function SettingsView({
  section,
  recogniser,
  onClose,
}: {
  section: SettingsSection;
  /** A recogniser the user picked to hear their language: put first in its chain. */
  recogniser?: RecogniserChoice | undefined;
  onClose: () => void;
}) {
  const intl = useIntl();
  const t = (id: MessageId) => intl.formatMessage({ id });
  const [prefs, setPrefs] = useState<PreferencesResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const api = useMemo(() => providerSettingsApi(), []);
  const mcpApi = useMemo(() => mcpServersApi(), []);
  const heading = useRef<HTMLHeadingElement>(null);
  const assistantHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    getPreferences()
      .then((p) => {
        if (live) setPrefs(p);
      })
      .catch((e: unknown) => {
        if (live) setError(settingsErrorText(intl, 'load-preferences', e));
      });
    return () => {
      live = false;
    };
    // Loaded once per opening (a language changed meanwhile words the next failure).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Focus follows the user into the view, to its heading; asked for the providers, to them once
  // they are there (focus moves once per opening, never while the user is further on).
  useEffect(() => {
    heading.current?.focus();
  }, [section]);
  const loaded = prefs !== null;
  useEffect(() => {
    if (section !== 'assistant' || !loaded) return;
    assistantHeading.current?.focus();
    assistantHeading.current?.scrollIntoView({ block: 'start' });
  }, [section, loaded]);

  return (
    <section className="settings" data-testid="settings-view" aria-labelledby="settings-heading">
      <header className="history-header">
        <h2 id="settings-heading" ref={heading} tabIndex={-1}>
          {t('settings.heading')}
        </h2>
        <button type="button" onClick={onClose} aria-label={t('settings.close')}>
          ✕
        </button>
      </header>
      {error ? <p className="notice notice-error">{error}</p> : null}
      {!prefs ? (
        error ? null : (
          <p className="muted">{t('page.loading')}</p>
        )
      ) : (
        <>
          <section className="settings-section" aria-labelledby="assistant-heading">
            <h3 id="assistant-heading" ref={assistantHeading} tabIndex={-1}>
              {t('settings.assistant')}
            </h3>
            {prefs.canEditProviders ? (
              <>
                <p className="field-hint">{t('settings.assistantHint')}</p>
                <ProviderSettings api={api} recogniser={recogniser} />
              </>
            ) : (
              <p className="field-hint" data-testid="providers-admin-only">
                {t('settings.adminOnly')}
              </p>
            )}
          </section>
          {prefs.canEditProviders ? (
            <section className="settings-section" aria-labelledby="tools-heading">
              <h3 id="tools-heading">{t('settings.tools')}</h3>
              <McpServers api={mcpApi} />
            </section>
          ) : null}
          <section className="settings-section" aria-labelledby="preferences-heading">
            <h3 id="preferences-heading">{t('settings.preferences')}</h3>
            <PreferencesForm initial={prefs} />
          </section>
          <NotesSection />
        </>
      )}
      {/* This browser's, so shown whether or not the preferences could be loaded. */}
      <NotificationsSetting />
      <section className="settings-section" aria-labelledby="appearance-heading">
        <h3 id="appearance-heading">{t('settings.appearance')}</h3>
        <ThemeSwitch />
      </section>
    </section>
  );
}
