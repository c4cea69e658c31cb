/**
 * The reminders this page rang or showed (by id), whoever told it — the relay over the
 * conversation's connection, or the service worker from a push: each rings once per page.
 */
export const rungOnThisPage = new Set<string>();
