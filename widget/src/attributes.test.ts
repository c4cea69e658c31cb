import { describe, expect, it } from 'vitest';
import {
  colourProperties,
  localeOf,
  parsePosition,
  parseRelay,
  parseSettings,
  type SettingsContext,
} from './attributes.ts';

const PAGE: SettingsContext = {
  pageUrl: 'https://shop.example/help/faq?x=1',
  loaderUrl: 'https://relay.example/widget.js',
  fallbackLanguages: ['', 'en-GB'],
};

describe('the element’s attributes', () => {
  it('reads relay as a base URL, and falls back to the relay that served the loader', () => {
    expect(parseRelay('https://voice.example/', PAGE)).toBe('https://voice.example');
    expect(parseRelay('https://voice.example/parley//', PAGE)).toBe('https://voice.example/parley');
    expect(parseRelay(null, PAGE)).toBe('https://relay.example');
    expect(parseRelay('  ', PAGE)).toBe('https://relay.example');
    expect(parseRelay('javascript:alert(1)', PAGE)).toBe('https://relay.example');
    expect(parseRelay(null, { ...PAGE, loaderUrl: null })).toBeNull();
  });

  it('hands the conversation across pages unless across-pages is off', () => {
    expect(parseSettings({}, PAGE).acrossPages).toBe(true);
    expect(parseSettings({ 'across-pages': 'on' }, PAGE).acrossPages).toBe(true);
    expect(parseSettings({ 'across-pages': ' OFF ' }, PAGE).acrossPages).toBe(false);
  });

  it('reads position in any case, and a position it does not know as bottom-right', () => {
    expect(parsePosition('bottom-left')).toBe('bottom-left');
    expect(parsePosition(' Inline ')).toBe('inline');
    expect(parsePosition('top-left')).toBe('bottom-right');
    expect(parsePosition(null)).toBe('bottom-right');
  });

  it('words the widget in Dutch for any Dutch tag, in English for the rest', () => {
    expect(localeOf('nl')).toBe('nl');
    expect(localeOf('nl-BE')).toBe('nl');
    expect(localeOf('NL_nl')).toBe('nl');
    expect(localeOf('en-US')).toBe('en');
    expect(localeOf('de')).toBe('en');
    expect(localeOf('')).toBe('en');
  });

  it('takes the page’s language, then the browser’s, when the element names none', () => {
    const s = parseSettings({}, { ...PAGE, fallbackLanguages: ['nl-NL', 'en-GB'] });
    expect(s.language).toBe('nl-NL');
    expect(s.locale).toBe('nl');
    expect(parseSettings({}, PAGE).language).toBe('en-GB');
    expect(parseSettings({}, { ...PAGE, fallbackLanguages: [] }).language).toBe('en');
    expect(parseSettings({ language: 'de-DE' }, PAGE)).toMatchObject({
      language: 'de-DE',
      locale: 'en',
    });
  });

  it('resolves ticket-url against the page, and keeps a greeting only when it says something', () => {
    expect(parseSettings({ 'ticket-url': '/parley/ticket', greeting: '  ' }, PAGE)).toEqual({
      relayUrl: 'https://relay.example',
      ticketUrl: 'https://shop.example/parley/ticket',
      position: 'bottom-right',
      greeting: null,
      language: 'en-GB',
      locale: 'en',
      acrossPages: true,
    });
    expect(parseSettings({ 'ticket-url': 'ftp://x', greeting: ' Hoi! ' }, PAGE)).toMatchObject({
      ticketUrl: null,
      greeting: 'Hoi!',
    });
  });

  it('maps the colour attributes to custom properties, dropping blank and unsafe values', () => {
    expect(
      colourProperties({
        'accent-color': ' #0a7d3b ',
        'background-color': '',
        'text-color': 'red; background: url(x)',
      }),
    ).toEqual({
      '--parley-accent-color': '#0a7d3b',
      '--parley-background-color': null,
      '--parley-text-color': null,
    });
  });
});
