import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  pcm16ToFloat,
  preferencesResponse,
  type ApiErrorBody,
  type UserPreferences,
} from '@parley/shared';
import { PERSONA_PROMPTS } from '../src/preferences/personas.ts';
import { OPENAI_VOICES } from '../src/providers/vendors/openai/speech.ts';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { openAiRelayEnv, startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import type { ReceivedRequest } from './fakes/fake-http.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { JWT_RELAY, ORIGIN, token } from './jwt-kit.ts';

// Issue 24: each user's preferences (persona, reply length, voice, pace, language) are stored,
// and reach the providers' requests from their next turn — theirs only.

const KEY = 'sk-preferences-test-0123456789';

const DEFAULTS: UserPreferences = {
  persona: 'friendly',
  replyLength: 'short',
  speakingRate: 1,
  language: 'en',
};

describe('preferences', () => {
  let relay: TestRelay;
  let openai: FakeOpenAi;
  beforeAll(async () => {
    openai = await startFakeOpenAi({ apiKey: KEY });
    openai.reply = () => 'Fine. Thanks.';
    openai.transcript = 'bonjour';
    relay = await startTestRelay({
      ...JWT_RELAY,
      NEW_SESSIONS_PER_MINUTE: '100',
      ASR_PROVIDERS: 'openai',
      LLM_PROVIDERS: 'openai',
      TTS_PROVIDERS: 'openai',
      ...openAiRelayEnv(openai, KEY),
    });
  });
  afterAll(async () => {
    await closeSynthesizers();
    await relay.close();
    await openai.close();
  });

  async function api(user: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${relay.url}/api/preferences`, {
      ...init,
      headers: {
        Origin: ORIGIN,
        Authorization: `Bearer ${await token(user)}`,
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
    });
  }

  async function save(user: string, prefs: UserPreferences) {
    const res = await api(user, { method: 'PUT', body: JSON.stringify(prefs) });
    expect(res.status).toBe(200);
    return preferencesResponse.parse(await res.json());
  }

  const connect = async (user: string) =>
    TalkClient.connect(relay.wsUrl, { token: await token(user), origin: ORIGIN });

  async function typed(client: TalkClient, turnId: number, text: string) {
    client.send({ type: 'user.text', turnId, text });
    const turn = await client.waitForTurn(turnId);
    expect(turn.status).toBe('completed');
    return turn;
  }

  /** What the fake received on `route` while `run` ran. */
  async function during(
    route: 'chat' | 'speech' | 'transcription',
    run: () => Promise<unknown>,
  ): Promise<ReceivedRequest[]> {
    const before = openai.received(route).length;
    await run();
    return openai.received(route).slice(before);
  }

  const json = (r: ReceivedRequest) =>
    JSON.parse(r.body.toString('utf8')) as Record<string, unknown>;
  const systemOf = (r: ReceivedRequest) =>
    (json(r).messages as { role: string; content: string }[]).find((m) => m.role === 'system')
      ?.content ?? '';
  /** A multipart form field of a transcription request. */
  const formField = (r: ReceivedRequest, name: string) =>
    new RegExp(`name="${name}"\\r\\n\\r\\n([^\\r]*)\\r\\n`).exec(r.body.toString('latin1'))?.[1];

  it('gives the defaults and what the providers offer; no provider settings in jwt mode', async () => {
    const res = await api('carol');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = preferencesResponse.parse(await res.json());
    expect(body.preferences).toEqual(DEFAULTS);
    // Nothing saved yet: the page takes the browser's language (and saves it).
    expect(body.saved).toBe(false);
    // OpenAI's recogniser is told the user's language: any is spoken.
    expect(body.options.recognised).toBeNull();
    expect(body.options.voices).toEqual(OPENAI_VOICES);
    expect(body.options.speakingRate).toBe(true);
    expect(body.options.languages.map((l) => l.id)).toContain('fr');
    expect(body.options.personas.map((p) => p.id)).toEqual([
      'friendly',
      'concise',
      'tutor',
      'custom',
    ]);
    expect(body.canEditProviders).toBe(false);
    expect(
      (await fetch(`${relay.url}/api/preferences`, { headers: { Origin: ORIGIN } })).status,
    ).toBe(401);
  });

  it('refuses invalid preferences with a typed 400 naming the field, and keeps the old ones', async () => {
    await save('dave', { ...DEFAULTS, replyLength: 'medium' });
    const cases: [string, RegExp][] = [
      [JSON.stringify({ ...DEFAULTS, speakingRate: 5 }), /^speakingRate: /],
      [JSON.stringify({ ...DEFAULTS, persona: 'pirate' }), /^persona: /],
      [JSON.stringify({ ...DEFAULTS, language: 'French!' }), /^language: /],
      [JSON.stringify({ ...DEFAULTS, favouriteColour: 'blue' }), /favouriteColour/],
      [JSON.stringify({ ...DEFAULTS, persona: 'custom' }), /^customPersona: /],
      [JSON.stringify({ ...DEFAULTS, customPersona: 'x'.repeat(2001) }), /^customPersona: /],
      [JSON.stringify({ persona: 'friendly' }), /^replyLength: /],
      ['{"persona":', /JSON/],
    ];
    for (const [body, message] of cases) {
      const res = await api('dave', { method: 'PUT', body });
      expect(res.status, body.slice(0, 80)).toBe(400);
      const error = (await res.json()) as ApiErrorBody;
      expect(error.error).toBe('bad-message');
      expect(error.message).toMatch(message);
    }
    // Over 16 KiB: refused before it is read whole (as every body over its route's limit).
    const huge = JSON.stringify({ ...DEFAULTS, customPersona: 'x'.repeat(20_000) });
    const tooLarge = await api('dave', { method: 'PUT', body: huge });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as ApiErrorBody).error).toBe('limit-exceeded');
    const kept = preferencesResponse.parse(await (await api('dave')).json());
    expect(kept.preferences.replyLength).toBe('medium');
  });

  it("apply from the user's next turn: persona, reply length, voice, pace and language", async () => {
    let alice = await connect('alice');
    try {
      // Nothing saved: the defaults.
      const chat1 = await during('chat', () => typed(alice, 1, 'hello'));
      expect(systemOf(chat1[0]!)).toContain(PERSONA_PROMPTS.friendly);
      expect(systemOf(chat1[0]!)).toContain('Always reply in English.');
      expect(json(chat1[0]!).max_tokens).toBe(150);

      const saved = await save('alice', {
        persona: 'tutor',
        replyLength: 'long',
        voice: 'nova',
        speakingRate: 1.5,
        language: 'fr',
      });
      expect(saved.preferences.voice).toBe('nova');
      expect(saved.saved).toBe(true);
      expect(preferencesResponse.parse(await (await api('alice')).json()).saved).toBe(true);
      // A new conversation (the streamer numbers its turns from 1).
      alice.close();
      await alice.closed();
      alice = await connect('alice');

      // Spoken, so that the recogniser is asked too.
      const speech = await synthesizeSpeech('Hello there.', {
        leadingSilenceMs: 300,
        trailingSilenceMs: 900,
      });
      let chat: ReceivedRequest[] = [];
      let spoken: ReceivedRequest[] = [];
      const heard = await during('transcription', async () => {
        spoken = await during('speech', async () => {
          chat = await during('chat', async () => {
            const [turn] = await new UtteranceStreamer(alice).stream(pcm16ToFloat(speech.samples), {
              speed: 4,
            });
            expect(turn?.status).toBe('completed');
          });
        });
      });
      // The final recognition, and one at each pause (speculation).
      expect(heard.length).toBeGreaterThan(0);
      expect(new Set(heard.map((r) => formField(r, 'language')))).toEqual(new Set(['fr']));
      expect(systemOf(chat[0]!)).toContain(PERSONA_PROMPTS.tutor);
      expect(systemOf(chat[0]!)).toContain('Always reply in French.');
      expect(json(chat[0]!).max_tokens).toBe(800);
      expect(spoken.length).toBeGreaterThan(0);
      for (const r of spoken) expect(json(r)).toMatchObject({ voice: 'nova', speed: 1.5 });

      const pirate = 'Speak like a cheerful pirate captain.';
      await save('alice', {
        persona: 'custom',
        customPersona: pirate,
        replyLength: 'short',
        speakingRate: 1,
        language: 'en',
      });
      let chat3: ReceivedRequest[] = [];
      const spoken3 = await during('speech', async () => {
        chat3 = await during('chat', () => typed(alice, 5, 'who are you'));
      });
      expect(systemOf(chat3[0]!)).toContain(pirate);
      expect(systemOf(chat3[0]!)).not.toContain(PERSONA_PROMPTS.tutor);
      expect(json(chat3[0]!).max_tokens).toBe(150);
      // No voice chosen: the configured one, at its own pace (no speed sent).
      for (const r of spoken3) expect(json(r)).toEqual(expect.objectContaining({ voice: 'alloy' }));
      for (const r of spoken3) expect(json(r)).not.toHaveProperty('speed');
    } finally {
      alice.close();
      await alice.closed();
    }
  });

  it("one user's preferences never apply to another's session", async () => {
    await save('erin', {
      ...DEFAULTS,
      persona: 'concise',
      voice: 'onyx',
      speakingRate: 2,
      language: 'de',
    });
    const [erin, frank] = await Promise.all([connect('erin'), connect('frank')]);
    try {
      const speech = await synthesizeSpeech('Hello there.', {
        leadingSilenceMs: 300,
        trailingSilenceMs: 900,
      });
      const franks = {
        chat: [] as ReceivedRequest[],
        speech: [] as ReceivedRequest[],
        transcription: [] as ReceivedRequest[],
      };
      franks.transcription = await during('transcription', async () => {
        franks.speech = await during('speech', async () => {
          franks.chat = await during('chat', async () => {
            const [turn] = await new UtteranceStreamer(frank).stream(pcm16ToFloat(speech.samples), {
              speed: 4,
            });
            expect(turn?.status).toBe('completed');
          });
        });
      });
      expect(franks.transcription.length).toBeGreaterThan(0);
      expect(new Set(franks.transcription.map((r) => formField(r, 'language')))).toEqual(
        new Set(['en']),
      );
      expect(systemOf(franks.chat[0]!)).toContain(PERSONA_PROMPTS.friendly);
      expect(systemOf(franks.chat[0]!)).not.toContain(PERSONA_PROMPTS.concise);
      for (const r of franks.speech) expect(json(r)).toMatchObject({ voice: 'alloy' });
      for (const r of franks.speech) expect(json(r)).not.toHaveProperty('speed');

      const erins = await during('speech', () => typed(erin, 1, 'hello'));
      for (const r of erins) expect(json(r)).toMatchObject({ voice: 'onyx', speed: 2 });
    } finally {
      for (const c of [erin, frank]) c.close();
      await Promise.all([erin.closed(), frank.closed()]);
    }
  });

  it('leave a turn in flight as it started: a change applies from the next turn', async () => {
    const gina = await connect('gina');
    openai.reply = () => 'One. Two. Three. Four.';
    openai.intervalMs = 150;
    try {
      const spoken = await during('speech', async () => {
        gina.send({ type: 'user.text', turnId: 1, text: 'count' });
        await expect.poll(() => gina.turns.get(1)?.replyText ?? '').not.toBe('');
        await save('gina', { ...DEFAULTS, voice: 'echo' });
        await gina.waitForTurn(1);
      });
      expect(spoken.length).toBeGreaterThan(1);
      for (const r of spoken) expect(json(r)).toMatchObject({ voice: 'alloy' });
      const next = await during('speech', () => typed(gina, 2, 'again'));
      for (const r of next) expect(json(r)).toMatchObject({ voice: 'echo' });
    } finally {
      openai.intervalMs = 5;
      openai.reply = () => 'Fine. Thanks.';
      gina.close();
      await gina.closed();
    }
  });
});
