import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, preferencesResponse, type UserPreferences } from '@parley/shared';
import type { TalkClient } from '../src/talk/client.ts';
import { RawClient, ticket } from './clients.ts';
import { ORIGIN, token, typedTurn, useSignedInRelay } from './jwt-kit.ts';

// Issue 64: the widget (`<parley-voice language="nl">` on a Dutch site) cannot save the
// preference a new user's conversation is held in, as the app's first run does: its users were
// answered in English. Its hello now says the page's language, and a user who saved no
// preferences gets it as theirs before `ready`.

const ENGLISH: UserPreferences = {
  persona: 'friendly',
  replyLength: 'short',
  speakingRate: 1,
  language: 'en',
};

/** A site that embeds the assistant (the widget's page), listed by the operator. */
const SITE = 'https://shop.example';

describe("a new session's page language (hello.language)", () => {
  const signedIn = useSignedInRelay('Europe/Amsterdam', { EMBED_ORIGINS: SITE });
  /** A conversation of `user`'s, its hello saying the page's `language` when given. */
  const connect = (user: string, language?: string) =>
    signedIn.connect(user, language === undefined ? {} : { language });

  /** Types `text` as the next turn (answered as text), returning the reply. */
  const say = async (client: TalkClient, text: string) => (await typedTurn(client, text)).replyText;

  async function preferencesOf(user: string) {
    const res = await signedIn.api(user, '/api/preferences');
    expect(res.status).toBe(200);
    return preferencesResponse.parse(await res.json());
  }

  /** A bare socket of `user`'s, from the app's origin, with a fresh ticket in `hello`. */
  async function rawHello(user: string, fields: Record<string, unknown>) {
    const c = await RawClient.open(signedIn.relay.wsUrl, { Origin: ORIGIN });
    const headers = { Origin: ORIGIN };
    c.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      ticket: await ticket(signedIn.relay, await token(user), headers),
      ...fields,
    });
    return c;
  }

  it("answers a new user in the page's language, and keeps it as their preference", async () => {
    const nina = await connect('nina', 'nl-BE');
    expect(nina.ready.language).toBe('nl');
    expect(await say(nina, 'hoe laat is het')).toMatch(/^Het is \d{1,2}:\d\d\.$/);
    const prefs = await preferencesOf('nina');
    expect(prefs.saved).toBe(true);
    expect(prefs.preferences).toEqual({ ...ENGLISH, language: 'nl' });
  });

  it('leaves the preferences of a user who saved some', async () => {
    const saved = await signedIn.api('erik', '/api/preferences', {
      method: 'PUT',
      body: JSON.stringify(ENGLISH),
    });
    expect(saved.status).toBe(200);
    const erik = await connect('erik', 'nl');
    expect(erik.ready.language).toBe('en');
    expect(await say(erik, 'what is twelve times seven')).toBe('12 times 7 is 84.');
    expect((await preferencesOf('erik')).preferences.language).toBe('en');
  });

  // Walking the widget after the app: the app's Dutch first run had saved "nl", and the widget on
  // an English page (its panel in English) answered "what time is it" in Dutch.
  it("holds a site's conversation in its page's language, whatever the user saved; the app's follows what they saved", async () => {
    const saved = await signedIn.api('noor', '/api/preferences', {
      method: 'PUT',
      body: JSON.stringify({ ...ENGLISH, language: 'nl' }),
    });
    expect(saved.status).toBe(200);
    const onSite = await signedIn.connect('noor', { language: 'en-GB', origin: SITE });
    expect(onSite.ready.language).toBe('en');
    expect(await say(onSite, 'what is twelve times seven')).toBe('12 times 7 is 84.');
    const inApp = await connect('noor', 'en');
    expect(inApp.ready.language).toBe('nl');
    expect(await say(inApp, 'hoe laat is het')).toMatch(/^Het is \d{1,2}:\d\d\.$/);
    // Held for the session only: what the user saved is theirs.
    expect((await preferencesOf('noor')).preferences.language).toBe('nl');

    // A Dutch site's visitor who saved English in the app is answered in Dutch there.
    const english = await signedIn.api('lars', '/api/preferences', {
      method: 'PUT',
      body: JSON.stringify(ENGLISH),
    });
    expect(english.status).toBe(200);
    const dutchSite = await signedIn.connect('lars', { language: 'nl', origin: SITE });
    expect(dutchSite.ready.language).toBe('nl');
    expect(await say(dutchSite, 'hoe laat is het')).toMatch(/^Het is \d{1,2}:\d\d\.$/);
    // A language the relay does not offer holds nothing.
    const klingon = await signedIn.connect('noor', { language: 'tlh', origin: SITE });
    expect(klingon.ready.language).toBe('nl');
  });

  it('ignores a language the relay does not offer, and the default one', async () => {
    const kirk = await connect('kirk', 'tlh');
    expect(kirk.ready.language).toBe('en');
    const english = await connect('emma', 'en-GB');
    expect(english.ready.language).toBe('en');
    for (const user of ['kirk', 'emma']) {
      const prefs = await preferencesOf(user);
      expect(prefs).toMatchObject({ saved: false, preferences: { language: 'en' } });
    }
  });

  it('ignores it on a resume', async () => {
    const first = await rawHello('rosa', {});
    const ready = await first.next('ready');
    expect(ready.language).toBe('en');
    first.ws.terminate();
    await first.closed;
    const again = await rawHello('rosa', {
      language: 'nl',
      resume: { sessionId: ready.sessionId, secret: ready.resumeSecret, lastSeq: -1 },
    });
    expect(await again.next('ready')).toMatchObject({ resumed: true, language: 'en' });
    again.ws.close();
    expect(await preferencesOf('rosa')).toMatchObject({ saved: false });
  });

  it('refuses a hello whose language is no language tag, as any bad field', async () => {
    const c = await rawHello('mallory', { language: 'Nederlands!' });
    const err = await c.next('error');
    expect(err).toMatchObject({ code: 'bad-message', retryable: false });
    expect(err.message).toContain('language');
    expect(c.messages.some((m) => m.type === 'ready')).toBe(false);
    c.ws.close();
  });
});
