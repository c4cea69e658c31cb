import { useEffect, useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import type { MessageId, MessageValues } from '../../i18n/intl.ts';
import { speakable, useSpokenLanguage } from '../../i18n/language.ts';
import { providerSettingsApi } from '../../net/settings-api.ts';
import { localWhisperServers, type RecogniserChoice } from '../../settings/recogniser-choice.ts';
import { hideSpeechNotice, useSpeechNoticeShown } from './speech-notice.ts';
import './speech-language.css';

/** The hosted recognisers offered, by the relay's kind, with their names (a vendor's name). */
const HOSTED: readonly { kind: string; name: string }[] = [
  { kind: 'deepgram', name: 'Deepgram' },
  { kind: 'openai', name: 'OpenAI' },
  { kind: 'groq', name: 'Groq' },
];

/** The conversation's language as the page names it ("Dutch", "Nederlands"). */
function languageName(locale: string, tag: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/**
 * Before speaking (the user pressed Talk), when no recogniser of the relay hears the
 * conversation's language: says so plainly, in the page's language, with the recognisers that
 * would — a Whisper server found on this machine, Deepgram, OpenAI, Groq — one click from
 * Settings (`onChoose`); typing works meanwhile. One who may not change the providers is told
 * the relay's admin can.
 */
export function SpeechLanguageNotice({
  onChoose,
}: {
  onChoose: (choice: RecogniserChoice) => void;
}) {
  const intl = useIntl();
  const t = (id: MessageId, values?: MessageValues) => intl.formatMessage({ id }, values);
  const shown = useSpeechNoticeShown();
  const spoken = useSpokenLanguage();
  const api = useMemo(() => providerSettingsApi(), []);
  const [whisper, setWhisper] = useState<RecogniserChoice[] | null>(null);
  const needed = shown && spoken !== null && !speakable(spoken);
  const canEdit = spoken?.canEditProviders === true;

  // A Whisper server on this machine is looked for once the notice is shown to one who may use it.
  useEffect(() => {
    if (!needed || !canEdit) return;
    let live = true;
    api
      .detect()
      .then((servers) => {
        if (!live) return;
        setWhisper(
          localWhisperServers(servers).map(({ server, model }) => ({
            kind: 'openai-compatible',
            baseUrl: server.baseUrl,
            model,
          })),
        );
      })
      .catch(() => {
        if (live) setWhisper([]);
      });
    return () => {
      live = false;
    };
  }, [api, needed, canEdit]);

  if (!needed) return null;
  const language = languageName(intl.locale, spoken.language);
  return (
    <div className="notices">
      <div
        className="notice notice-warn notice-with-action"
        role="alert"
        data-testid="speech-language-notice"
        data-language={spoken.language}
      >
        <div>
          <p>{t('speech.needs', { language })}</p>
          {canEdit ? (
            <>
              <p>{t('speech.choose')}</p>
              <p
                className="speech-choices"
                role="group"
                aria-label={t('speech.choices')}
                data-testid="speech-choices"
              >
                {(whisper ?? []).map((choice) => (
                  <button
                    key={`${choice.baseUrl ?? ''} ${choice.model ?? ''}`}
                    type="button"
                    data-testid="speech-choice"
                    data-kind={choice.kind}
                    onClick={() => onChoose(choice)}
                  >
                    {t('speech.whisper', { model: choice.model ?? '' })}
                  </button>
                ))}
                {HOSTED.map(({ kind, name }) => (
                  <button
                    key={kind}
                    type="button"
                    data-testid="speech-choice"
                    data-kind={kind}
                    translate="no"
                    onClick={() => onChoose({ kind })}
                  >
                    {name}
                  </button>
                ))}
              </p>
              {whisper === null ? <p className="muted">{t('speech.scanning')}</p> : null}
            </>
          ) : (
            <p>{t('speech.askAdmin')}</p>
          )}
        </div>
        <button
          type="button"
          data-testid="speech-type-instead"
          onClick={() => {
            hideSpeechNotice();
            document.querySelector<HTMLInputElement>('[data-testid="text-input"]')?.focus();
          }}
        >
          {t('speech.type')}
        </button>
        <button
          type="button"
          className="notice-dismiss"
          data-testid="speech-notice-dismiss"
          aria-label={t('speech.dismiss')}
          onClick={hideSpeechNotice}
        >
          ✕
        </button>
      </div>
    </div>
  );
}
