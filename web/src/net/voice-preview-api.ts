import { voicePreviewRequest, type VoicePreviewRequest } from '@parley/shared';
import { callApiBytes } from './api.ts';

/** A sample of `request.voice` (absent: the voice's default) saying the relay's sentence: WAV. */
export function fetchVoicePreview(
  request: VoicePreviewRequest,
  signal?: AbortSignal,
): Promise<ArrayBuffer> {
  return callApiBytes('POST', '/api/preferences/voice-preview', {
    json: voicePreviewRequest.parse(request),
    signal,
  });
}
