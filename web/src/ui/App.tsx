import { useRef, useState } from 'react';
import { ConnectionStatus } from './ConnectionStatus.tsx';
import { CostBadge } from './CostBadge.tsx';
import { DebugPanelSlot, useDebugPanel } from './DebugToggle.tsx';
import { History } from './History.tsx';
import { ContinuingNote } from './history/ContinuingNote.tsx';
import { MicBlockedNotice } from './MicBlockedNotice.tsx';
import { MicNotice } from './MicNotice.tsx';
import { ProviderNotice } from './ProviderNotice.tsx';
import { TalkControls } from './TalkControls.tsx';
import { TokenPrompt } from './TokenPrompt.tsx';
import { Transcript } from './Transcript.tsx';
import { OfflineNotice } from './OfflineNotice.tsx';
import { ReconnectNotice } from './ReconnectNotice.tsx';
import { SettingsView, type SettingsSection } from './settings/SettingsView.tsx';
import { TypeBox } from './TypeBox.tsx';
import { UpdatePrompt } from './UpdatePrompt.tsx';
import { useReturnFocus } from './use-return-focus.ts';
import { LineIcon } from './LineIcon.tsx';
import { ReminderNotice } from './tools/ReminderNotice.tsx';
import { NotificationOffer } from './reminders/NotificationOffer.tsx';
import { Reminders } from './tools/Reminders.tsx';
import { useApp } from '../state/store.ts';
import { SpeechLanguageNotice } from './speech-language/SpeechLanguageNotice.tsx';
import { hideSpeechNotice } from './speech-language/speech-notice.ts';
import type { RecogniserChoice } from '../settings/recogniser-choice.ts';
import { useT } from '../i18n/use-t.ts';

/** What takes the conversation's place besides Settings: past conversations, or reminders. */
type Panel = 'history' | 'reminders' | null;

export function App() {
  const t = useT();
  const [panel, setPanel] = useState<Panel>(null);
  const showHistory = panel === 'history';
  const [settings, setSettings] = useState<SettingsSection | null>(null);
  const [recogniser, setRecogniser] = useState<RecogniserChoice | undefined>(undefined);
  const [showDebug, setShowDebug] = useDebugPanel();
  const inCall = useApp((s) => s.call !== 'idle');
  const debugButton = useRef<HTMLButtonElement>(null);
  const historyButton = useRef<HTMLButtonElement>(null);
  const settingsButton = useRef<HTMLButtonElement>(null);
  const remindersButton = useRef<HTMLButtonElement>(null);
  useReturnFocus(showDebug, debugButton);
  useReturnFocus(showHistory, historyButton);
  useReturnFocus(panel === 'reminders', remindersButton);
  useReturnFocus(settings !== null, settingsButton);
  // The history, the reminders and Settings take the conversation's place: one at a time.
  const openSettings = (section: SettingsSection, choice?: RecogniserChoice) => {
    setPanel(null);
    setRecogniser(choice);
    setSettings(section);
  };
  const toggle = (which: Exclude<Panel, null>) => {
    setSettings(null);
    setPanel((open) => (open === which ? null : which));
  };
  const conversationShown = settings === null && panel === null;
  const classes = [
    'app',
    // With the debug panel open, a wide screen makes room for it beside the app (debug.css).
    showDebug ? 'debug-open' : null,
    // Settings take the screen: the footer keeps only a call's own controls (styles.css).
    settings !== null ? 'settings-open' : null,
    inCall ? 'in-call' : null,
  ];
  return (
    <div className={classes.filter(Boolean).join(' ')}>
      <header className="app-header">
        <h1 translate="no">{t('app.name')}</h1>
        <div className="header-right">
          <CostBadge />
          <ConnectionStatus />
          <button
            ref={debugButton}
            type="button"
            className="header-button"
            data-testid="debug-button"
            aria-expanded={showDebug}
            title={t('app.debug.title')}
            aria-label={t('app.debug.label')}
            aria-keyshortcuts="Control+Shift+D"
            onClick={() => setShowDebug(!showDebug)}
          >
            <LineIcon>
              <circle cx="12" cy="13" r="8" />
              <path d="M12 9v4l2.5 2.5M9 2h6M12 2v3" strokeLinecap="round" />
            </LineIcon>
          </button>
          <button
            ref={historyButton}
            type="button"
            className="header-button history-button"
            data-testid="history-button"
            aria-expanded={showHistory}
            title={t('app.history.title')}
            onClick={() => toggle('history')}
          >
            <LineIcon>
              <path d="M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5M12 7v5l3 2" strokeLinecap="round" />
            </LineIcon>
            {/* On a phone the icon stands alone; the name stays for screen readers. */}
            <span className="header-button-text">{t('app.history')}</span>
          </button>
          <button
            ref={remindersButton}
            type="button"
            className="header-button"
            data-testid="reminders-button"
            aria-expanded={panel === 'reminders'}
            title={t('app.reminders.title')}
            aria-label={t('app.reminders.label')}
            onClick={() => toggle('reminders')}
          >
            <LineIcon>
              <path
                d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4l2-2M10 21h4"
                strokeLinecap="round"
                strokeLinejoin="round"
              />
            </LineIcon>
          </button>
          <button
            ref={settingsButton}
            type="button"
            className="header-button settings-button"
            data-testid="settings-button"
            aria-expanded={settings !== null}
            title={t('app.settings.title')}
            onClick={() => (settings === null ? openSettings('top') : setSettings(null))}
          >
            <LineIcon>
              <circle cx="12" cy="12" r="3" />
              <path
                d="M12 2v3M12 19v3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M2 12h3M19 12h3M4.9 19.1 7 17M17 7l2.1-2.1"
                strokeLinecap="round"
              />
            </LineIcon>
            <span className="header-button-text">{t('app.settings')}</span>
          </button>
        </div>
      </header>
      {/* A landmark of its own, so that no notice is outside one. */}
      <section className="app-notices" aria-label={t('app.notices')}>
        <OfflineNotice />
        <ReconnectNotice />
        <UpdatePrompt />
        <MicBlockedNotice />
        <MicNotice />
        <ReminderNotice />
        <NotificationOffer />
        <SpeechLanguageNotice
          onChoose={(choice) => {
            hideSpeechNotice();
            openSettings('assistant', choice);
          }}
        />
        <ProviderNotice
          onConnectModel={() => openSettings('assistant')}
          conversationShown={conversationShown}
        />
        <TokenPrompt />
      </section>
      {/* The conversation scrolls here: a keyboard reaches it to scroll it (arrows, Page Up/Down,
          Home/End); Settings, the history and the reminders have controls of their own. */}
      <main
        className="app-main"
        tabIndex={conversationShown ? 0 : undefined}
        aria-label={conversationShown ? t('app.conversation') : undefined}
      >
        {settings !== null ? (
          <SettingsView
            section={settings}
            recogniser={recogniser}
            onClose={() => setSettings(null)}
          />
        ) : showHistory ? (
          <History onClose={() => setPanel(null)} />
        ) : panel === 'reminders' ? (
          <Reminders onClose={() => setPanel(null)} />
        ) : (
          <>
            <ContinuingNote />
            <Transcript onConnectModel={() => openSettings('assistant')} />
          </>
        )}
        <DebugPanelSlot open={showDebug} onClose={() => setShowDebug(false)} />
      </main>
      <footer className="app-footer">
        <TypeBox />
        <TalkControls />
      </footer>
    </div>
  );
}
