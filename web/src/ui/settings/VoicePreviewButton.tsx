import { useEffect, useRef, useState } from 'react';
import type { VoicePreviewRequest } from '@parley/shared';
import { voiceSample, type VoiceSample } from '@parley/client/internal';
import { fetchVoicePreview } from '../../net/voice-preview-api.ts';
import { store } from '../../state/store.ts';
import { useIntl, type IntlShape } from 'react-intl';

/** Why no sample played, in the relay's words when it said why (a rate, a budget, the voice). */
function failedText(intl: IntlShape, e: unknown): string {
  return intl.formatMessage(
    { id: 'voice.noSample' },
    { reason: e instanceof Error ? e.message : String(e) },
  );
}

type State =
  { kind: 'idle' } | { kind: 'loading' } | { kind: 'playing' } | { kind: 'failed'; text: string };

/**
 * "Play a sample" beside the voice choice: the relay's voice says a short sentence in the voice
 * and pace chosen (not yet saved), through the speaker chosen. Pressed again, it stops.
 */
export function VoicePreviewButton({
  request,
  label,
}: {
  request: VoicePreviewRequest;
  label: string;
}) {
  const intl = useIntl();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const sample = useRef<VoiceSample | null>(null);
  const stop = () => {
    sample.current?.close();
    sample.current = null;
  };
  useEffect(() => stop, []);

  const play = () => {
    stop();
    const own = voiceSample(store.getState().speakerDeviceId);
    sample.current = own;
    setState({ kind: 'loading' });
    fetchVoicePreview(request)
      .then((wav) => {
        if (sample.current !== own) return undefined;
        setState({ kind: 'playing' });
        return own.play(wav);
      })
      .then(() => {
        if (sample.current !== own) return;
        stop();
        setState({ kind: 'idle' });
      })
      .catch((e: unknown) => {
        if (sample.current !== own) return;
        stop();
        setState({ kind: 'failed', text: failedText(intl, e) });
      });
  };

  const busy = state.kind === 'loading' || state.kind === 'playing';
  return (
    <div className="voice-preview">
      <button
        type="button"
        data-testid="voice-preview"
        aria-label={intl.formatMessage(
          { id: busy ? 'voice.stopSample' : 'voice.playSample' },
          { voice: label },
        )}
        onClick={() => {
          if (!busy) return play();
          stop();
          setState({ kind: 'idle' });
        }}
      >
        {intl.formatMessage({
          id:
            state.kind === 'loading'
              ? 'voice.loading'
              : state.kind === 'playing'
                ? 'voice.stop'
                : 'voice.play',
        })}
      </button>
      <span className="field-hint" role="status" data-testid="voice-preview-status">
        {state.kind === 'failed'
          ? state.text
          : state.kind === 'playing'
            ? intl.formatMessage({ id: 'voice.playing' }, { voice: label })
            : ''}
      </span>
    </div>
  );
}
