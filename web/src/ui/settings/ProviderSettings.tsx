import { useCallback, useEffect, useReducer, useState } from 'react';
import { STAGES, type AssistantSettingsView, type DetectedServer } from '@parley/shared';
import type { ProviderSettingsApi } from '../../net/settings-api.ts';
import {
  draftReducer,
  emptyDraft,
  type DraftAction,
  type SettingsDraft,
} from '../../settings/chain-draft.ts';
import { withRecogniser, type RecogniserChoice } from '../../settings/recogniser-choice.ts';
import { getPreferences } from '../../net/settings-api.ts';
import { refreshSpokenLanguage } from '../../i18n/preference-language.ts';
import { kindName } from '../../settings/kind-names.ts';
import { SERVER_LABELS } from '../../settings/provider-kinds.ts';
import { settingsUpdate, type FieldErrors } from '../../settings/settings-body.ts';
import { savedText, settingsErrorText } from '../../settings/settings-text.ts';
import { DetectedServers } from './DetectedServers.tsx';
import { StageChain } from './StageChain.tsx';
import { SaveActions, type SaveState } from './SaveActions.tsx';
import './settings.css';
import { useIntl } from 'react-intl';

/**
 * The assistant's providers: each stage's chain, local servers found on this machine,
 * a test per provider, and one save that applies from the next turn. Used by the app's Settings
 * (dev mode's local user) and by the ops dashboard (with the admin token, through `api`).
 */
/** The chains' reducer, with a recogniser put first in one step (see `withRecogniser`). */
type Action = DraftAction | { type: 'recogniser'; choice: RecogniserChoice };
const reduce = (draft: SettingsDraft, action: Action): SettingsDraft =>
  action.type === 'recogniser' ? withRecogniser(draft, action.choice) : draftReducer(draft, action);

export function ProviderSettings({
  api,
  recogniser,
}: {
  api: ProviderSettingsApi;
  /** A recogniser to put first in the speech recognition chain once loaded (not saved). */
  recogniser?: RecogniserChoice | undefined;
}) {
  const intl = useIntl();
  const [view, setView] = useState<AssistantSettingsView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, dispatch] = useReducer(reduce, emptyDraft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const [servers, setServers] = useState<DetectedServer[] | null>(null);
  const [scanning, setScanning] = useState(true);
  const [scanError, setScanError] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');

  // Detection runs on open and on "Scan again" (each call probes the ports again).
  const detect = useCallback(
    () =>
      api
        .detect()
        .then(setServers)
        .catch((e: unknown) => setScanError(settingsErrorText(intl, 'detect', e)))
        .finally(() => setScanning(false)),
    [api, intl],
  );
  const scan = () => {
    setScanning(true);
    setScanError(null);
    void detect();
  };

  useEffect(() => {
    let live = true;
    api
      .get()
      .then((v) => {
        if (!live) return;
        setView(v);
        dispatch({ type: 'load', view: v });
        if (recogniser) {
          dispatch({ type: 'recogniser', choice: recogniser });
          const info = v.kinds.find((k) => k.kind === recogniser.kind);
          if (info)
            setAnnounce(
              intl.formatMessage(
                { id: 'providers.recogniserFirst' },
                { name: recogniser.model ?? kindName(intl, info) },
              ),
            );
        }
      })
      .catch((e: unknown) => {
        if (live) setLoadError(settingsErrorText(intl, 'load', e));
      });
    void detect();
    return () => {
      live = false;
    };
    // Loaded once per view: a language changed meanwhile words the next request's outcome; a
    // recogniser asked for is put first once, when the chains come.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, detect]);

  // Errors point at fields by place: any edit may move them, so they go until the next save.
  const edit = (action: DraftAction) => {
    setErrors({});
    if (save.kind !== 'saving') setSave({ kind: 'idle' });
    dispatch(action);
  };

  const onSave = () => {
    if (!view) return;
    const update = settingsUpdate(intl, draft, view.source);
    if (!update.ok) {
      setErrors(update.errors);
      setSave({ kind: 'failed', text: intl.formatMessage({ id: 'providers.notSaved' }) });
      return;
    }
    setSave({ kind: 'saving' });
    api
      .put(update.body)
      .then((v) => {
        setView(v);
        dispatch({ type: 'saved', view: v });
        setSave({ kind: 'saved', text: savedText(intl, v) });
        // A recogniser connected may hear the conversation's language now.
        refreshSpokenLanguage({ get: getPreferences }).catch(() => undefined);
      })
      .catch((e: unknown) => setSave({ kind: 'failed', text: settingsErrorText(intl, 'save', e) }));
  };

  // A recogniser picked: its chain in view once the chains are there.
  const shown = view !== null;
  useEffect(() => {
    if (recogniser && shown)
      document.querySelector('[data-testid="stage-asr"]')?.scrollIntoView({ block: 'start' });
  }, [recogniser, shown]);

  if (loadError) return <p className="notice notice-error">{loadError}</p>;
  if (!view) return <p className="muted">{intl.formatMessage({ id: 'providers.loading' })}</p>;
  const llmLocked = view.source.llm === 'environment';

  return (
    <form
      className="provider-settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <DetectedServers
        servers={servers}
        scanning={scanning}
        error={scanError}
        locked={llmLocked}
        onScan={scan}
        onUse={(server, model) => {
          edit({ type: 'use-detected', server, model });
          setAnnounce(
            intl.formatMessage(
              { id: 'providers.nowFirst' },
              { name: `${SERVER_LABELS[server.server]} ${model}` },
            ),
          );
        }}
      />
      <p className="visually-hidden" role="status">
        {announce}
      </p>
      {errors.form ? <p className="field-error">{errors.form}</p> : null}
      {STAGES.map((stage) => (
        <StageChain
          key={stage}
          api={api}
          stage={stage}
          chain={draft.chains[stage]}
          kinds={draft.kinds}
          source={view.source[stage]}
          warnings={(view.warnings ?? []).filter((w) => w.stage === stage)}
          errors={errors}
          edit={edit}
        />
      ))}
      <SaveActions
        save={save}
        label={intl.formatMessage({ id: 'providers.save' })}
        testId="settings"
      />
    </form>
  );
}
