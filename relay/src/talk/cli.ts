import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EAGERNESS, resampleAll, SAMPLE_RATE_HZ } from '@parley/shared';
import { readWav, toMono } from '../audio/wav.ts';
import { TalkClient } from './client.ts';
import { overReplyLines, talkOverReply } from './over-reply-turn.ts';
import { endedText, UtteranceStreamer, type TurnReport } from './stream.ts';
import { toolLines } from './tool-lines.ts';

const USAGE = `Usage: pnpm talk --wav FILE [--wav FILE…] [--url ws://host:port/ws] [--json]

Streams each WAV file (any rate, mono or stereo) to the relay in real time as 100 ms chunks,
one session, turn after turn, and prints what was heard, the tool calls of each turn (name,
arguments, status, summary, time) and what was said while they ran, the reply and per-stage
timings.

  --wav FILE      audio to say (repeat for several turns)
  --url URL       relay WebSocket (default ws://127.0.0.1:8787/ws, or $PARLEY_URL)
  --json          one JSON object per turn on stdout
  --token JWT     bearer token, for relays running with AUTH_MODE=jwt; prefer setting
                  $PARLEY_TOKEN instead: an argument is visible to every user in the process list
  --rate HZ       sample rate to receive reply audio in (default 16000)
  --codec C       how audio travels: pcm16 (default) or opus (offered both ways; the relay
                  chooses, and falls back to pcm16 when it has Opus turned off)
  --eot RULE      how a turn ends at a pause: policy (default; the words the relay heard decide
                  the wait, as in the app) or fixed (every 500 ms of silence, or --redemption)
  --eagerness E   eager, balanced or patient (default: the user's, as the relay says)
  --redemption MS silence that ends an utterance under --eot fixed (default 500)
  --timeout MS    how long to wait for each reply (default 30000)
  --over-reply FILE  full duplex: say FILE over the reply to the last --wav, as in the app with
                  headphones; its words decide whether it stops the reply ("yeah" lets it go
                  on, "wait" stops it, and what was heard is kept)
  --at MS         when FILE starts, after the reply's first audio (default 800)
  --stop-at-any-sound  judge FILE by length, as the app's "stop at any sound" does
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      wav: { type: 'string', multiple: true },
      url: { type: 'string' },
      token: { type: 'string' },
      json: { type: 'boolean', default: false },
      rate: { type: 'string' },
      codec: { type: 'string' },
      redemption: { type: 'string' },
      eot: { type: 'string' },
      eagerness: { type: 'string' },
      timeout: { type: 'string' },
      'over-reply': { type: 'string' },
      at: { type: 'string' },
      'stop-at-any-sound': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.token !== undefined)
    process.stderr.write(
      'Warning: --token is visible to every user of this machine in the process list; ' +
        'set PARLEY_TOKEN instead.\n',
    );
  if (values.help || !values.wav?.length) {
    process.stderr.write(USAGE);
    return values.help ? 0 : 2;
  }
  const url = values.url ?? process.env.PARLEY_URL ?? 'ws://127.0.0.1:8787/ws';
  const eagerness = EAGERNESS.find((e) => e === values.eagerness);
  if (
    (values.eot !== undefined && values.eot !== 'fixed' && values.eot !== 'policy') ||
    (values.eagerness !== undefined && !eagerness) ||
    (values.codec !== undefined && values.codec !== 'opus' && values.codec !== 'pcm16')
  ) {
    process.stderr.write(USAGE);
    return 2;
  }
  const fixed = values.eot === 'fixed' || (values.eot === undefined && values.redemption);
  const read = async (path: string) => {
    const wav = readWav(await readFile(path));
    return { path, samples: resampleAll(toMono(wav), wav.sampleRateHz, SAMPLE_RATE_HZ) };
  };
  const files = await Promise.all(values.wav.map(read));
  const over = values['over-reply'] === undefined ? null : await read(values['over-reply']);
  const token = values.token ?? (process.env.PARLEY_TOKEN?.trim() || undefined);
  const client = await TalkClient.connect(url, {
    outputSampleRateHz: values.rate ? Number(values.rate) : 16_000,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    ...(token === undefined ? {} : { token }),
    ...(values.codec === 'opus' ? { codec: 'opus' as const } : {}),
  });
  const streamer = new UtteranceStreamer(client);
  let failures = 0;
  if (!values.json) {
    const { llm } = client.ready.providers;
    process.stdout.write(
      `Connected to ${url} (session ${client.ready.sessionId}; LLM: ${llm.notice ?? llm.label}; audio up ${client.ready.codecs?.up ?? 'pcm16'}, down ${client.ready.codecs?.down ?? 'pcm16'})\n`,
    );
  }
  // Read through a call: the relay may end the conversation while a file streams.
  const ended = () => client.ended;
  const streamOptions = {
    ...(values.redemption ? { endpointer: { redemptionMs: Number(values.redemption) } } : {}),
    endOfTurn: fixed ? ('fixed' as const) : eagerness ? { eagerness } : {},
    ...(values.timeout ? { replyTimeoutMs: Number(values.timeout) } : {}),
  };
  for (const [i, file] of files.entries()) {
    if (ended()) break;
    const atMs = values.at === undefined ? 800 : Number(values.at);
    const overTurn =
      over && i === files.length - 1
        ? await talkOverReply(client, streamer, file.samples, over.samples, {
            atMs,
            rule: values['stop-at-any-sound'] ? 'any-sound' : 'words',
            stream: streamOptions,
            timeoutMs: values.timeout ? Number(values.timeout) : 30_000,
          })
        : null;
    const reports = overTurn?.reports ?? (await streamer.stream(file.samples, streamOptions));
    if (reports.length === 0 && !ended())
      process.stderr.write(`No speech found in ${file.path}.\n`);
    for (const r of reports) {
      if (r.status !== 'completed') failures++;
      process.stdout.write(
        values.json ? `${JSON.stringify({ file: file.path, ...r })}\n` : human(r),
      );
    }
    if (overTurn)
      process.stdout.write(
        values.json
          ? `${JSON.stringify({ file: over?.path, overReply: overTurn.overReply, answer: overTurn.answer })}\n`
          : `${overReplyLines(overTurn, atMs).join('\n')}\n`,
      );
  }
  client.close();
  // Said whatever the output format: the relay's own words, e.g. that the conversation can no
  // longer be resumed.
  if (client.ended) {
    process.stderr.write(`talk: ${endedText(client.ended)}\n`);
    return 1;
  }
  return failures === 0 ? 0 : 1;
}

function human(r: TurnReport): string {
  const t = r.timings;
  const ms = (x: number | null) => (x === null ? '–' : `${Math.round(x)} ms`);
  return [
    `\nyou:   ${r.transcript || '(nothing recognised)'}`,
    ...toolLines(r.tools, r.progress),
    `reply: ${r.reply}`,
    `audio: ${(r.replyAudioMs / 1000).toFixed(2)} s   status: ${r.status}`,
    ...(r.endOfTurn ? [`end:   waited ${r.endOfTurn.waitMs} ms: ${r.endOfTurn.reason}`] : []),
    `time:  endpointing ${ms(t.endpointingMs)} · ASR ${ms(t.asrFinalMs)} · LLM first token ${ms(t.llmFirstTokenMs)} · TTS first audio ${ms(t.ttsFirstAudioMs)} · TTS total ${ms(t.ttsTotalMs)} · relay ${ms(t.relayFirstAudioMs)} · voice-to-voice ${ms(t.voiceToVoiceMs)}`,
    ...r.errors.map((e) => `error: ${e}`),
    '',
  ].join('\n');
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`talk: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
