/**
 * The widget's lines in the page's console, where the embedding site's developer looks: one
 * prefix, and an object with the details (the widget has no logger of its own on a page that is
 * not ours).
 */
export const widgetLog = {
  /** Something the site's developer must fix (the relay refuses the site, no relay given). */
  error(message: string, details: Record<string, unknown> = {}): void {
    // eslint-disable-next-line no-console -- the page's console is the widget's log
    console.error(`[parley-voice] ${message}`, details);
  },
  /** A failure the user was told about in the panel. */
  warn(message: string, details: Record<string, unknown> = {}): void {
    // eslint-disable-next-line no-console -- the page's console is the widget's log
    console.warn(`[parley-voice] ${message}`, details);
  },
};
