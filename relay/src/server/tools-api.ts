import type { Hono } from 'hono';
import type { NoteList, ReminderList } from '@parley/shared';
import { pcm16Wav } from '../audio/wav.ts';
import { RelayError } from '../errors.ts';
import { relayLines } from '../lines/relay-lines.ts';
import type { RelayContext } from './context.ts';
import { originGuard, userGuard, type GuardedEnv } from './guards.ts';
import type { PeerOf } from './peer.ts';
import { spokenLines } from './voice-preview-api.ts';

/** Reminders a user may hear said at once, and how fast that allowance comes back. */
const SPOKEN_BURST = 6;
const SPOKEN_PER_MINUTE = 10;
/** Longest a reminder may take to synthesise (ms) before it is given up. */
const SPEECH_TIMEOUT_MS = 15_000;

/** What a due reminder says, in the user's voice and `language` (BCP 47; English by default). */
export function reminderLine(text: string, language?: string): string {
  return relayLines(language).reminder(text);
}

/**
 * What the built-in tools keep for the caller, seen and changed from the app: their reminders
 * (`GET /api/reminders`, `DELETE /api/reminders/:id` to cancel one, `POST
 * /api/reminders/:id/speech` for a due one said in their voice) and the notes the assistant
 * remembers (`GET /api/notes`, `DELETE /api/notes/:id`). Another user's is "not found".
 */
export function mountToolsApi(app: Hono<GuardedEnv>, ctx: RelayContext, peerOf: PeerOf): void {
  const origin = originGuard(ctx, peerOf);
  const user = userGuard(ctx, peerOf);
  const lines = spokenLines(ctx, SPOKEN_BURST, SPOKEN_PER_MINUTE);

  app.get('/api/reminders', origin, user, async (c) => {
    const pending = await ctx.storage.reminders.pending(c.get('identity').userId);
    c.header('Cache-Control', 'no-store');
    return c.json({
      reminders: pending.map((r) => ({
        id: r.id,
        text: r.text,
        dueAt: r.dueAt,
        createdAt: r.createdAt,
      })),
    } satisfies ReminderList);
  });

  app.delete('/api/reminders/:id', origin, user, async (c) => {
    const { userId } = c.get('identity');
    if (!(await ctx.storage.reminders.cancel(userId, c.req.param('id'))))
      throw RelayError.notFound('No such reminder.');
    await ctx.reminders.changed(userId);
    return c.body(null, 204);
  });

  app.post('/api/reminders/:id/speech', origin, user, async (c) => {
    const { userId } = c.get('identity');
    const reminder = await ctx.storage.reminders.get(userId, c.req.param('id'));
    if (!reminder) throw RelayError.notFound('No such reminder.');
    const { voice, speakingRate, language } = await ctx.preferences.read(userId);
    const signal = AbortSignal.any([c.req.raw.signal, AbortSignal.timeout(SPEECH_TIMEOUT_MS)]);
    const line = await lines.say(
      userId,
      reminderLine(reminder.text, language),
      { ...(voice === undefined ? {} : { voice }), speakingRate },
      signal,
      language,
    );
    c.header('Cache-Control', 'no-store');
    c.header('Content-Type', 'audio/wav');
    return c.body(pcm16Wav(line.samples, line.sampleRateHz));
  });

  app.get('/api/notes', origin, user, async (c) => {
    const notes = await ctx.storage.notes.list(c.get('identity').userId);
    c.header('Cache-Control', 'no-store');
    return c.json({ notes } satisfies NoteList);
  });

  app.delete('/api/notes/:id', origin, user, async (c) => {
    if (!(await ctx.storage.notes.delete(c.get('identity').userId, c.req.param('id'))))
      throw RelayError.notFound('No such note.');
    return c.body(null, 204);
  });
}
