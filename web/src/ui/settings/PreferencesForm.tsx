import { useId, useState, type ReactNode } from 'react';
import {
  EAGERNESS,
  MAX_PERSONA_CHARS,
  PERSONA_PRESETS,
  REPLY_LENGTHS,
  TOOL_PROGRESS,
  type PreferencesResponse,
} from '@parley/shared';
import { putPreferences } from '../../net/settings-api.ts';
import { actions, store } from '../../state/store.ts';
import { useCall } from '../call-context.ts';
import {
  prefsBody,
  prefsForm,
  EAGERNESS_LABELS,
  REPLY_LENGTH_LABELS,
  TOOL_PROGRESS_LABELS,
  type PrefsErrors,
  type PrefsForm,
} from '../../settings/prefs-form.ts';
import { settingsErrorText } from '../../settings/settings-text.ts';
import { FieldError } from './FieldError.tsx';
import { SaveActions, type SaveState } from './SaveActions.tsx';
import { VoicePreviewButton } from './VoicePreviewButton.tsx';
import './voice-preview.css';
import { FormattedMessage, useIntl } from 'react-intl';
import type { MessageId, MessageValues } from '../../i18n/intl.ts';
import { languageOption } from '../../i18n/language-names.ts';
import { intlFor } from '../../i18n/intl.ts';
import { applyPreferences } from '../../i18n/preference-language.ts';

/** A speaking rate as shown: two decimals. */
const RATE = { minimumFractionDigits: 2, maximumFractionDigits: 2 } as const;
const output = (chunks: ReactNode[]) => <output>{chunks}</output>;

/** Each persona preset's name (the relay's labels are English). */
const PERSONA_NAMES: Readonly<Record<(typeof PERSONA_PRESETS)[number], MessageId>> = {
  friendly: 'persona.friendly',
  concise: 'persona.concise',
  tutor: 'persona.tutor',
  custom: 'persona.custom',
};

/**
 * The user's own preferences: persona, voice, reply length, speaking rate, language, how soon
 * turns end, and what is heard while a tool works.
 */
export function PreferencesForm({ initial }: { initial: PreferencesResponse }) {
  const intl = useIntl();
  const t = (key: MessageId, values?: MessageValues) => intl.formatMessage({ id: key }, values);
  const call = useCall();
  const id = useId();
  const [current, setCurrent] = useState(initial);
  const [form, setForm] = useState<PrefsForm>(() => prefsForm(initial.preferences));
  const [errors, setErrors] = useState<PrefsErrors>({});
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const { options } = current;
  const change = (patch: Partial<PrefsForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors({});
    setSave({ kind: 'idle' });
  };
  const described = (field: keyof PrefsForm) =>
    errors[field] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${field}-error` } : {};
  // Named in the page's language (the relay names them in English).
  const languages = (
    options.languages.some((l) => l.id === form.language)
      ? options.languages
      : [{ id: form.language, label: form.language }, ...options.languages]
  ).map((l) => ({ id: l.id, label: languageOption(intl, l.id) }));

  const onSave = () => {
    const body = prefsBody(intl, form, options, current.preferences);
    if (!body.ok) {
      setErrors(body.errors);
      setSave({ kind: 'failed', text: t('prefs.notSaved') });
      return;
    }
    setSave({ kind: 'saving' });
    putPreferences(body.body)
      .then((r) => {
        setCurrent(r);
        setForm(prefsForm(r.preferences));
        // The page follows the language saved, in its own words from now on.
        applyPreferences(r);
        setSave({
          kind: 'saved',
          text: intlFor(r.preferences.language).formatMessage({ id: 'prefs.saved' }),
        });
        call.setPreferences({
          eagerness: r.preferences.eagerness ?? r.options.defaultEagerness,
          bargeIn: r.preferences.stopAtAnySound === true ? 'any-sound' : 'words',
          language: r.preferences.language,
        });
        // The debug panel shows the language a call's turns are taken in (none: no call).
        if (store.getState().call !== 'idle') actions.setTurnLanguage(r.preferences.language);
      })
      .catch((e: unknown) =>
        setSave({ kind: 'failed', text: settingsErrorText(intl, 'save-preferences', e) }),
      );
  };

  return (
    <form
      className="preferences-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <label className="field">
        <span>{t('prefs.persona')}</span>
        <select
          data-testid="pref-persona"
          value={form.persona}
          onChange={(e) => {
            const persona = options.personas.find((p) => p.id === e.target.value);
            if (persona) change({ persona: persona.id });
          }}
        >
          {options.personas.map((p) => (
            <option key={p.id} value={p.id}>
              {t(PERSONA_NAMES[p.id])}
            </option>
          ))}
        </select>
      </label>
      {form.persona === 'custom' ? (
        <label className="field">
          <span>{t('prefs.customPersona')}</span>
          <textarea
            data-testid="pref-custom-persona"
            rows={4}
            maxLength={MAX_PERSONA_CHARS}
            value={form.customPersona}
            placeholder={t('prefs.customPersona.placeholder')}
            {...described('customPersona')}
            onChange={(e) => change({ customPersona: e.target.value })}
          />
          <FieldError id={`${id}-customPersona-error`} message={errors.customPersona} />
        </label>
      ) : null}
      <div className="voice-choice">
        <label className="field">
          <span>{t('prefs.voice')}</span>
          <select
            data-testid="pref-voice"
            value={form.voice}
            {...described('voice')}
            onChange={(e) => change({ voice: e.target.value })}
          >
            <option value="">{t('prefs.voiceDefault')}</option>
            {options.voices.map((v) => (
              <option key={v.id} value={v.id}>
                {v.label}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-voice-error`} message={errors.voice} />
        </label>
        <VoicePreviewButton
          label={
            options.voices.find((v) => v.id === form.voice)?.label ?? t('prefs.theDefaultVoice')
          }
          request={{
            ...(form.voice === '' ? {} : { voice: form.voice }),
            ...(options.speakingRate ? { speakingRate: form.speakingRate } : {}),
          }}
        />
      </div>
      <label className="field">
        <span>{t('prefs.replyLength')}</span>
        <select
          data-testid="pref-length"
          value={form.replyLength}
          onChange={(e) => {
            const length = REPLY_LENGTHS.find((l) => l === e.target.value);
            if (length) change({ replyLength: length });
          }}
        >
          {REPLY_LENGTHS.map((l) => (
            <option key={l} value={l}>
              {t(REPLY_LENGTH_LABELS[l])}
            </option>
          ))}
        </select>
      </label>
      {options.speakingRate ? (
        <label className="field">
          <span>
            <FormattedMessage
              id="prefs.rate"
              values={{ rate: intl.formatNumber(form.speakingRate, RATE), output }}
            />
          </span>
          <input
            data-testid="pref-rate"
            type="range"
            min={0.5}
            max={2}
            step={0.05}
            value={form.speakingRate}
            aria-valuetext={t('prefs.rate.valueText', {
              rate: intl.formatNumber(form.speakingRate, RATE),
            })}
            onChange={(e) => change({ speakingRate: Number(e.target.value) })}
          />
        </label>
      ) : null}
      <label className="field">
        <span>{t('prefs.language')}</span>
        <select
          data-testid="pref-language"
          value={form.language}
          {...described('language')}
          onChange={(e) => change({ language: e.target.value })}
        >
          {languages.map((l) => (
            <option key={l.id} value={l.id}>
              {l.label}
            </option>
          ))}
        </select>
        <FieldError id={`${id}-language-error`} message={errors.language} />
      </label>
      <label className="field">
        <span>{t('prefs.whenYouPause')}</span>
        <select
          data-testid="pref-eagerness"
          value={form.eagerness}
          onChange={(e) => {
            const eagerness = EAGERNESS.find((x) => x === e.target.value);
            change({ eagerness: eagerness ?? '' });
          }}
        >
          <option value="">
            {t('prefs.eagernessDefault', {
              eagerness: t(EAGERNESS_LABELS[options.defaultEagerness]),
            })}
          </option>
          {EAGERNESS.map((x) => (
            <option key={x} value={x}>
              {t(EAGERNESS_LABELS[x])}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('prefs.whileTool')}</span>
        <select
          data-testid="pref-tool-progress"
          value={form.toolProgress}
          onChange={(e) => {
            const progress = TOOL_PROGRESS.find((x) => x === e.target.value);
            if (progress) change({ toolProgress: progress });
          }}
        >
          {TOOL_PROGRESS.map((x) => (
            <option key={x} value={x}>
              {t(TOOL_PROGRESS_LABELS[x])}
            </option>
          ))}
        </select>
      </label>
      <CheckField
        testId="pref-check-in"
        checked={form.checkInOnSilence}
        onChange={(checkInOnSilence) => change({ checkInOnSilence })}
      >
        {t('prefs.checkIn')}
      </CheckField>
      <CheckField
        testId="pref-stop-at-any-sound"
        checked={form.stopAtAnySound}
        onChange={(stopAtAnySound) => change({ stopAtAnySound })}
      >
        {t('prefs.stopAtAnySound')}
      </CheckField>
      {errors.form ? <p className="field-error">{errors.form}</p> : null}
      <SaveActions save={save} label={t('prefs.save')} testId="pref" />
    </form>
  );
}

/** A yes-or-no preference: its checkbox, labelled with what it does. */
function CheckField(props: {
  testId: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
}) {
  return (
    <label className="field field-check">
      <input
        data-testid={props.testId}
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <span>{props.children}</span>
    </label>
  );
}
