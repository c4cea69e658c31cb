import { useEffect, useRef, useState } from 'react';
import type { VoicePreviewRequest } from '@parley/shared';
import { voiceSample, type VoiceSample } from '../../audio/voice-sample.ts';
import { fetchVoicePreview } from '../../net/voice-preview-api.ts';
import { store } from '../../state/store.ts';

/** Why no sample played, in the relay's words when it said why (a rate, a budget, the voice). */
function failedText(e: unknown): string {
  return `No sample: ${e instanceof Error ? e.message : String(e)}`;
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
        setState({ kind: 'failed', text: failedText(e) });
      });
  };

  const busy = state.kind === 'loading' || state.kind === 'playing';
  return (
    <div className="voice-preview">
      <button
        type="button"
        data-testid="voice-preview"
        aria-label={busy ? `Stop the sample of ${label}` : `Play a sample of ${label}`}
        onClick={() => {
          if (!busy) return play();
          stop();
          setState({ kind: 'idle' });
        }}
      >
        {state.kind === 'loading'
          ? 'Loading…'
          : state.kind === 'playing'
            ? 'Stop'
            : 'Play a sample'}
      </button>
      <span className="field-hint" role="status" data-testid="voice-preview-status">
        {state.kind === 'failed' ? state.text : state.kind === 'playing' ? `Playing ${label}…` : ''}
      </span>
    </div>
  );
}
