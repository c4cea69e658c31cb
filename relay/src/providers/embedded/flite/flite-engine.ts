import { defineEngine } from '../../kinds/engine.ts';
import { FliteTts } from './flite.ts';

/**
 * The embedded voice, Flite, in the plan's `TTS_VOICE`: always started (it also says the
 * apologies when the LLM stage is down).
 */
export const FLITE_ENGINE = defineEngine({
  name: 'flite',
  settings: () => undefined,
  start: (_settings, host) => new FliteTts({ voice: host.plan.ttsVoice }),
  warm: (flite) => flite.ready(),
});
