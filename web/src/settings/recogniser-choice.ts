import { kindsFor, type DetectedServer, type ProviderKind } from '@parley/shared';
import { draftReducer, type SettingsDraft } from './chain-draft.ts';

/**
 * A speech recogniser the user picked to hear their language (the notice before speaking): a
 * hosted kind (Deepgram, OpenAI, Groq) or a Whisper server found on this machine.
 */
export interface RecogniserChoice {
  kind: ProviderKind;
  /** A server's address (a Whisper server found on this machine). */
  baseUrl?: string;
  /** The server's model. */
  model?: string;
}

/**
 * The draft with `choice` first in the speech recognition chain: an entry already there of its
 * kind (at its address) moves up; else one is added (its key, for a hosted kind, is the user's to
 * type). The embedded recogniser stays the last resort. A kind the relay does not offer for
 * speech recognition, or a full chain, leaves the draft as it was. Pure.
 */
export function withRecogniser(draft: SettingsDraft, choice: RecogniserChoice): SettingsDraft {
  if (!kindsFor(draft.kinds, 'asr').some((k) => k.kind === choice.kind)) return draft;
  const matches = (e: SettingsDraft['chains']['asr'][number]) =>
    e.kind === choice.kind && (choice.baseUrl === undefined || e.baseUrl === choice.baseUrl);
  let next = draft;
  let index = next.chains.asr.findIndex(matches);
  if (index < 0) {
    next = draftReducer(next, { type: 'add', stage: 'asr' });
    index = next.chains.asr.findIndex((e) => e.key === draft.nextKey);
    if (index < 0) return draft;
    next = draftReducer(next, { type: 'kind', stage: 'asr', index, kind: choice.kind });
    if (choice.baseUrl !== undefined)
      next = draftReducer(next, {
        type: 'edit',
        stage: 'asr',
        index,
        field: 'baseUrl',
        value: choice.baseUrl,
      });
    if (choice.model !== undefined)
      next = draftReducer(next, {
        type: 'edit',
        stage: 'asr',
        index,
        field: 'model',
        value: choice.model,
      });
  }
  for (; index > 0; index--)
    next = draftReducer(next, { type: 'move', stage: 'asr', index, by: -1 });
  return next;
}

/**
 * The Whisper models a local server found on this machine offers that hear more than English
 * (Whisper's English-only models end in `.en` or `-en`), each with its server: the first of each
 * server.
 */
export function localWhisperServers(
  servers: readonly DetectedServer[],
): { server: DetectedServer; model: string }[] {
  return servers.flatMap((server) => {
    const model = server.models.find((m) => /whisper/i.test(m) && !/[.-]en$/i.test(m));
    return model === undefined ? [] : [{ server, model }];
  });
}
