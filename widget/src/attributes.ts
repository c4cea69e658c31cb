import { primaryLanguage } from '@parley/shared/language-tag';

/**
 * The attributes of `<parley-voice>` (its `observedAttributes`), each documented in
 * docs/embedding.md (a test checks the two agree).
 */
export const WIDGET_ATTRIBUTES = [
  'relay',
  'ticket-url',
  'position',
  'greeting',
  'language',
  'across-pages',
  'accent-color',
  'background-color',
  'text-color',
] as const;
export type WidgetAttribute = (typeof WIDGET_ATTRIBUTES)[number];

/** Where the talk button sits: fixed in a corner of the page, or in the page's flow. */
export const POSITIONS = ['bottom-right', 'bottom-left', 'inline'] as const;
export type Position = (typeof POSITIONS)[number];

/** The languages the widget has words in (wording.ts); any other tag reads it in English. */
export const WIDGET_LOCALES = ['en', 'nl'] as const;
export type WidgetLocale = (typeof WIDGET_LOCALES)[number];

/**
 * The colour attributes and the CSS custom property each sets on the element. The host page may
 * set the same properties itself (`parley-voice { --parley-accent-color: … }`); an attribute,
 * set on the element's own style, wins over the page's rule.
 */
export const COLOUR_PROPERTIES = {
  'accent-color': '--parley-accent-color',
  'background-color': '--parley-background-color',
  'text-color': '--parley-text-color',
} as const satisfies Partial<Record<WidgetAttribute, `--parley-${string}`>>;
export type ColourAttribute = keyof typeof COLOUR_PROPERTIES;

/** What the element makes of its attributes. */
export interface WidgetSettings {
  /** The relay's origin-relative base (`https://relay.example`), no trailing slash. */
  relayUrl: string | null;
  /** A URL on the embedding site that answers a ticket (absolute, against the page). */
  ticketUrl: string | null;
  position: Position;
  /** The line the panel opens with; null: the widget's own, in its language. */
  greeting: string | null;
  /** BCP 47 tag given to the call. */
  language: string;
  /** The words' language. */
  locale: WidgetLocale;
  /**
   * A full page load within the site hands the conversation to the tab's next page (default);
   * `across-pages="off"`: each page's conversation ends with it.
   */
  acrossPages: boolean;
}

/** Attribute values as the element reads them (`getAttribute`: null when absent). */
export type AttributeValues = Partial<Record<WidgetAttribute, string | null>>;

/** Where relative URLs and defaults come from: the page, the loader, the browser. */
export interface SettingsContext {
  /** The page's URL (`location.href`): a relative `ticket-url` is resolved against it. */
  pageUrl: string;
  /** The loader's own URL: the relay that served it is the default `relay`. */
  loaderUrl: string | null;
  /** The page's language (`<html lang>`), then the browser's (`navigator.language`). */
  fallbackLanguages: readonly string[];
}

/** An http(s) URL's text, or null (blank, unparsable, another scheme). */
function httpUrl(value: string | null | undefined, base: string): URL | null {
  const text = value?.trim();
  if (!text) return null;
  try {
    const url = new URL(text, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** `relay`: its URL without a trailing slash; else the origin the loader came from. */
export function parseRelay(value: string | null | undefined, ctx: SettingsContext): string | null {
  const given = httpUrl(value, ctx.pageUrl);
  if (given) return (given.origin + given.pathname).replace(/\/+$/, '');
  return httpUrl(ctx.loaderUrl, ctx.pageUrl)?.origin ?? null;
}

/** `position`: one of {@link POSITIONS} (any case, spaces trimmed); else `bottom-right`. */
export function parsePosition(value: string | null | undefined): Position {
  const v = value?.trim().toLowerCase();
  return POSITIONS.find((p) => p === v) ?? 'bottom-right';
}

/** The words' language for a BCP 47 tag: `nl`, `nl-BE` → `nl`; any other → `en`. */
export function localeOf(tag: string): WidgetLocale {
  const primary = primaryLanguage(tag.trim().replace(/_/g, '-'));
  return WIDGET_LOCALES.find((l) => l === primary) ?? 'en';
}

/** `language`, else the first of `fallbackLanguages` that is not blank, else `en`. */
export function parseLanguage(value: string | null | undefined, fallbacks: readonly string[]) {
  return [value, ...fallbacks].map((v) => v?.trim()).find((v) => !!v) ?? 'en';
}

/** Everything the element reads from its attributes (see {@link WidgetSettings}). */
export function parseSettings(values: AttributeValues, ctx: SettingsContext): WidgetSettings {
  const language = parseLanguage(values.language, ctx.fallbackLanguages);
  const greeting = values.greeting?.trim();
  return {
    relayUrl: parseRelay(values.relay, ctx),
    ticketUrl: httpUrl(values['ticket-url'], ctx.pageUrl)?.href ?? null,
    position: parsePosition(values.position),
    greeting: greeting ? greeting : null,
    language,
    locale: localeOf(language),
    acrossPages: values['across-pages']?.trim().toLowerCase() !== 'off',
  };
}

/**
 * The custom properties the colour attributes set: a property whose attribute is absent or blank
 * is null (removed, so the page's own rule or the default shows). A value with a character that
 * could end the declaration is refused (null).
 */
export function colourProperties(
  values: AttributeValues,
): Record<`--parley-${string}`, string | null> {
  const out: Record<`--parley-${string}`, string | null> = {};
  for (const [attribute, property] of Object.entries(COLOUR_PROPERTIES)) {
    const v = values[attribute as ColourAttribute]?.trim();
    out[property] = v && !/[;{}]/.test(v) ? v : null;
  }
  return out;
}
