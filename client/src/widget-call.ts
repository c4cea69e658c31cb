/**
 * The one-tag widget's call module, `widget-call.js` (built by widget/vite.call.config.ts into
 * the widget's folder, served by the relay beside the loader): the package's
 * `createParleyCall`, with the voice detector's files found in the module's own folder on the
 * relay, whichever site's page imports it.
 */
import { createParleyCall as createCall } from './index.ts';
import type { ParleyCall, ParleyCallOptions } from './index.ts';

/**
 * The folder beside this module that holds its files (chunks, worklets, worker, `vad/`): the
 * build's `assetsDir`, and relay/src/server/widget-call-files.ts's `WIDGET_CALL_DIR`.
 */
export const WIDGET_CALL_FILES = 'widget-call/';

/** §3.2's `createParleyCall`; `assetBaseUrl` defaults to the module's own folder on the relay. */
export function createParleyCall(options: ParleyCallOptions): ParleyCall {
  return createCall({ assetBaseUrl: new URL(WIDGET_CALL_FILES, import.meta.url), ...options });
}
