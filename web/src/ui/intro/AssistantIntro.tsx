import { useEffect, useId, useMemo, useState } from 'react';
import type { AssistantResponse } from '@parley/shared';
import { getAssistant } from '../../net/assistant-api.ts';
import { providerSettingsApi } from '../../net/settings-api.ts';
import { settingsErrorText } from '../../settings/settings-text.ts';
import { useApp } from '../../state/store.ts';
import { detectedChoices, connectDetected, type DetectedChoice } from './connect-detected.ts';
import './intro.css';

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
    connectDetected(api, choice)
      .then((outcome) => {
        setSaid(
          outcome.ok
            ? { text: `${choice.name} answers from now on.`, failed: false }
            : { text: outcome.text, failed: true },
        );
        if (outcome.ok) setAsked((n) => n + 1);
      })
      .catch((e: unknown) => setSaid({ text: settingsErrorText('save', e), failed: true }))
      .finally(() => setUsing(null));
  };

  if (!assistant) return null;
  const offline = assistant.offlineResponder;
  return (
    <section className="intro" data-testid="assistant-intro" aria-labelledby={headingId}>
      <h2 id={headingId}>Talk or type to the assistant</h2>
      {offline ? (
        <>
          <p data-testid="intro-answerer">
            No language model is connected yet: the <strong>offline responder</strong> answers. It
            tells the time and the date, does sums (“what is twelve times seven”), sets reminders
            (“remind me in ten minutes to call Anna”), remembers what you ask it to and repeats what
            you said — nothing else.
          </p>
          {assistant.canEditProviders ? (
            <>
              <p>For real answers, connect a model: one on this machine, or a provider’s.</p>
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
                        {using === c.name ? `Connecting ${c.name}…` : `Use ${c.name}`}
                      </button>
                    ))
                  : null}
                <button
                  type="button"
                  className="intro-connect"
                  data-testid="intro-connect-model"
                  onClick={onConnectModel}
                >
                  Connect a model
                </button>
              </div>
              {servers.kind === 'scanning' ? (
                <p className="intro-hint">Looking for a model server on this machine…</p>
              ) : null}
            </>
          ) : (
            <p>The relay’s admin chooses the model; until then, these are its answers.</p>
          )}
        </>
      ) : (
        <p data-testid="intro-answerer">
          Answers come from <strong>{assistant.providers.llm.label}</strong>. Press Talk and speak,
          or type a message below.
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
