import { useId, useState, type ReactNode } from 'react';
import {
  EAGERNESS,
  MAX_PERSONA_CHARS,
  REPLY_LENGTHS,
  TOOL_PROGRESS,
  type PreferencesResponse,
} from '@parley/shared';
import { putPreferences } from '../../net/settings-api.ts';
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

/**
 * The user's own preferences: persona, voice, reply length, speaking rate, language, how soon
 * turns end, and what is heard while a tool works.
 */
export function PreferencesForm({ initial }: { initial: PreferencesResponse }) {
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
  const languages = options.languages.some((l) => l.id === form.language)
    ? options.languages
    : [{ id: form.language, label: form.language }, ...options.languages];

  const onSave = () => {
    const body = prefsBody(form, options, current.preferences);
    if (!body.ok) {
      setErrors(body.errors);
      setSave({ kind: 'failed', text: 'Not saved: see the field marked above.' });
      return;
    }
    setSave({ kind: 'saving' });
    putPreferences(body.body)
      .then((r) => {
        setCurrent(r);
        setForm(prefsForm(r.preferences));
        setSave({ kind: 'saved', text: 'Saved. It applies from your next turn.' });
        call.setEagerness(r.preferences.eagerness ?? r.options.defaultEagerness);
        call.setBargeIn(r.preferences.stopAtAnySound === true ? 'any-sound' : 'words');
        call.setTurnLanguage(r.preferences.language);
      })
      .catch((e: unknown) =>
        setSave({ kind: 'failed', text: settingsErrorText('save-preferences', e) }),
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
        <span>Persona</span>
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
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {form.persona === 'custom' ? (
        <label className="field">
          <span>Your persona: how the assistant should be</span>
          <textarea
            data-testid="pref-custom-persona"
            rows={4}
            maxLength={MAX_PERSONA_CHARS}
            value={form.customPersona}
            placeholder="You are a patient tutor who answers in simple words."
            {...described('customPersona')}
            onChange={(e) => change({ customPersona: e.target.value })}
          />
          <FieldError id={`${id}-customPersona-error`} message={errors.customPersona} />
        </label>
      ) : null}
      <div className="voice-choice">
        <label className="field">
          <span>Voice</span>
          <select
            data-testid="pref-voice"
            value={form.voice}
            {...described('voice')}
            onChange={(e) => change({ voice: e.target.value })}
          >
            <option value="">The voice’s default</option>
            {options.voices.map((v) => (
              <option key={v.id} value={v.id}>
                {v.label}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-voice-error`} message={errors.voice} />
        </label>
        <VoicePreviewButton
          label={options.voices.find((v) => v.id === form.voice)?.label ?? 'the default voice'}
          request={{
            ...(form.voice === '' ? {} : { voice: form.voice }),
            ...(options.speakingRate ? { speakingRate: form.speakingRate } : {}),
          }}
        />
      </div>
      <label className="field">
        <span>Reply length</span>
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
              {REPLY_LENGTH_LABELS[l]}
            </option>
          ))}
        </select>
      </label>
      {options.speakingRate ? (
        <label className="field">
          <span>
            Speaking rate: <output>{form.speakingRate.toFixed(2)}×</output>
          </span>
          <input
            data-testid="pref-rate"
            type="range"
            min={0.5}
            max={2}
            step={0.05}
            value={form.speakingRate}
            aria-valuetext={`${form.speakingRate.toFixed(2)} times normal speed`}
            onChange={(e) => change({ speakingRate: Number(e.target.value) })}
          />
        </label>
      ) : null}
      <label className="field">
        <span>Language</span>
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
        <span>When you pause</span>
        <select
          data-testid="pref-eagerness"
          value={form.eagerness}
          onChange={(e) => {
            const eagerness = EAGERNESS.find((x) => x === e.target.value);
            change({ eagerness: eagerness ?? '' });
          }}
        >
          <option value="">Default ({EAGERNESS_LABELS[options.defaultEagerness]})</option>
          {EAGERNESS.map((x) => (
            <option key={x} value={x}>
              {EAGERNESS_LABELS[x]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>While a tool works</span>
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
              {TOOL_PROGRESS_LABELS[x]}
            </option>
          ))}
        </select>
      </label>
      <CheckField
        testId="pref-check-in"
        checked={form.checkInOnSilence}
        onChange={(checkInOnSilence) => change({ checkInOnSilence })}
      >
        In a silent call, ask if I’m still there, then hang up
      </CheckField>
      <CheckField
        testId="pref-stop-at-any-sound"
        checked={form.stopAtAnySound}
        onChange={(stopAtAnySound) => change({ stopAtAnySound })}
      >
        Stop talking at any sound I make (not only when I say “wait” or ask)
      </CheckField>
      {errors.form ? <p className="field-error">{errors.form}</p> : null}
      <SaveActions save={save} label="Save preferences" testId="pref" />
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
