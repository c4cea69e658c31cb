import type { TtsProvider, WrittenTtsRequest } from './stages/tts.ts';

/**
 * Synthesises a text still being written with `tts`: as it streams when the voice takes text so
 * ({@link TtsProvider.synthesizeWritten}), else once it is whole.
 */
export async function* synthesizeWritten(
  tts: TtsProvider,
  request: WrittenTtsRequest,
): AsyncGenerator<Int16Array, void, undefined> {
  if (tts.synthesizeWritten) {
    yield* tts.synthesizeWritten(request);
    return;
  }
  const text = await request.text.written(request.signal);
  yield* tts.synthesize({ ...request, text });
}
