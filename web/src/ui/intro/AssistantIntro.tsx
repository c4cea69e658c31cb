import { useEffect, useId, useMemo, useState } from 'react';
import type { AssistantResponse } from '@parley/shared';
import { getAssistant } from '../../net/assistant-api.ts';
import type { MessageId, MessageValues } from '../../i18n/intl.ts';
import { providerSettingsApi } from '../../net/settings-api.ts';
import { settingsErrorText } from '../../settings/settings-text.ts';
import { useApp } from '../../state/store.ts';
import { detectedChoices, connectDetected, type DetectedChoice } from './connect-detected.ts';
import './intro.css';
import { FormattedMessage, useIntl } from 'react-intl';
import { speakable, useSpokenLanguage } from '../../i18n/language.ts';
import { providerName } from '../provider-name.ts';

const strong = (chunks: React.ReactNode[]) => <strong>{chunks}</strong>;

/** What the first screen knows of the local model servers: not asked, being looked for, found. */
type Servers =
  { kind: 'none' } | { kind: 'scanning' } | { kind: 'found'; choices: DetectedChoice[] };

/**
 * The first screen, before any turn: what the assistant is — the offline responder and what it
 * can do, or the model that answers — and, while no model is connected, one click to connect one
 * (Settings) or to use a model server found on this machine. `onConnectModel` opens Settings at
 * the assistant's providers.
 */
export function AssistantIntro({ onConnectModel }: { onConnectModel: () => void }) {
  const intl = useIntl();
  const t = (id: MessageId, values?: MessageValues) => intl.formatMessage({ id }, values);
  const spoken = useSpokenLanguage();
  const headingId = useId();
  const api = useMemo(() => providerSettingsApi(), []);
  const [assistant, setAssistant] = useState<AssistantResponse | null>(null);
  const [servers, setServers] = useState<Servers>({ kind: 'none' });
  const [using, setUsing] = useState<string | null>(null);
  const [said, setSaid] = useState<{ text: string; failed: boolean } | null>(null);
  // Asked again when the relay says its providers changed (saved here or elsewhere).
  const relayProviders = useApp((s) => s.providers);
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    let unmounted = false;
    // A call, not a variable: what an answer finds was set after the request went out.
    const gone = () => unmounted;
    getAssistant()
      .then(async (a) => {
        if (gone()) return;
        setAssistant(a);
        if (!a.offlineResponder || !a.canEditProviders) {
          setServers({ kind: 'none' });
          return;
        }
        setServers({ kind: 'scanning' });
        const [view, found] = await Promise.all([api.get(), api.detect()]);
        if (gone()) return;
        // A chain the environment sets cannot be changed from the app.
        const choices = view.source.llm === 'environment' ? [] : detectedChoices(found);
        setServers({ kind: 'found', choices });
      })
      .catch(() => {
        // The first screen stays plain: the notices say when the relay cannot be reached.
        if (!gone()) setServers({ kind: 'none' });
      });
    return () => {
      unmounted = true;
    };
  }, [api, relayProviders, asked]);

  const connect = (choice: DetectedChoice) => {
    setUsing(choice.name);
    setSaid(null);
    connectDetected(intl, api, choice)
      .then((outcome) => {
        setSaid(
          outcome.ok
            ? { text: t('intro.connected', { name: choice.name }), failed: false }
            : { text: outcome.text, failed: true },
        );
        if (outcome.ok) setAsked((n) => n + 1);
      })
      .catch((e: unknown) => setSaid({ text: settingsErrorText(intl, 'save', e), failed: true }))
      .finally(() => setUsing(null));
  };

  if (!assistant) return null;
  const offline = assistant.offlineResponder;
  return (
    <section className="intro" data-testid="assistant-intro" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('intro.heading')}</h2>
      {offline ? (
        <>
          <p data-testid="intro-answerer">
            <FormattedMessage id="intro.offline" values={{ strong }} />
          </p>
          {assistant.canEditProviders ? (
            <>
              <p>{t('intro.connectHint')}</p>
              <div className="intro-actions">
                {servers.kind === 'found'
                  ? servers.choices.map((c) => (
                      <button
                        key={`${c.server.baseUrl} ${c.model}`}
                        type="button"
                        data-testid="intro-use-detected"
                        disabled={using !== null}
                        onClick={() => connect(c)}
                      >
                        {t(using === c.name ? 'intro.connecting' : 'intro.use', { name: c.name })}
                      </button>
                    ))
                  : null}
                <button
                  type="button"
                  className="intro-connect"
                  data-testid="intro-connect-model"
                  onClick={onConnectModel}
                >
                  {t('intro.connect')}
                </button>
              </div>
              {servers.kind === 'scanning' ? (
                <p className="intro-hint">{t('intro.scanning')}</p>
              ) : null}
            </>
          ) : (
            <p>{t('intro.adminChooses')}</p>
          )}
        </>
      ) : (
        <p data-testid="intro-answerer">
          <FormattedMessage
            id={speakable(spoken) ? 'intro.answersFrom' : 'intro.answersFromTyped'}
            values={{ strong, name: providerName(intl, assistant.providers.llm) }}
          />
        </p>
      )}
      <p
        className={said?.failed ? 'intro-said field-error' : 'intro-said'}
        role="status"
        data-testid="intro-status"
      >
        {said?.text ?? ''}
      </p>
    </section>
  );
}
