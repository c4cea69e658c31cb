/**
 * What a page from a site the relay does not list reads, and what a widget on it shows: the
 * relay serves the app's own origins (`ALLOWED_ORIGINS`) and the sites that embed the assistant
 * (`EMBED_ORIGINS`), and refuses every other one with this (docs/embedding.md). Apart from
 * api.ts (which imports zod) so that the widget's loader can import it alone
 * (`@parley/shared/site-refusal`).
 */
export const SITE_NOT_ALLOWED_MESSAGE = 'This site is not allowed to use this assistant.';
