import { readFileSync } from 'node:fs';
import { floatToPcm16 } from '../shared/src/index.ts';
import type { Page } from '@playwright/test';
import { readWav, toMono } from '../relay/src/audio/wav.ts';
import { fixtureTurns } from './fake-mic.ts';
import { FIXTURES } from './global-setup.ts';
import { withMicFeed, type MicFeed } from './mic-feed.ts';

/**
 * A microphone that says a conversation's phrases when the test says, for specs whose point is
 * a state between two of them (the first reply heard to its end before the second sentence
 * starts), which a file played in real time by Chromium's fake device cannot promise on a loaded
 * machine: a late first reply and the second sentence overlap, and the sentence cuts the reply.
 *
 * `getUserMedia` answers with a track fed by an AudioContext (./mic-feed.ts, as the engine lanes'
 * harness does) from the conversation's file: its first phrase, with the lead before it, once
 * the app connects the track to its audio graph; each later phrase (from just before its
 * speech) on {@link sayNextPhrase}; silence in between.
 */
interface CuedMic {
  /** Plays the next phrase; false when none is left or the app has not listened yet. */
  next(): boolean;
}

declare global {
  interface Window {
    __cuedMic?: CuedMic;
  }
}

/** How much of the silence before a cued phrase is kept (ms): its first sound is not clipped. */
const LEAD_IN_MS = 200;

/** From now on the page's microphone says `conversation` (see global-setup) phrase by phrase. */
export async function useCuedMicrophone(page: Page, conversation: string): Promise<void> {
  const wav = readWav(readFileSync(`${FIXTURES}${conversation}.wav`));
  const rateHz = wav.sampleRateHz;
  const cuts = fixtureTurns(conversation)
    .slice(1)
    .map((t) => Math.round(((t.speechStartMs - LEAD_IN_MS) * rateHz) / 1000));
  const pcm = Buffer.from(floatToPcm16(toMono(wav)).buffer).toString('base64');
  await page.addInitScript({ content: withMicFeed(installCuedMic, { pcm, rateHz, cuts }) });
}

/** The microphone says its next phrase now. */
export async function sayNextPhrase(page: Page): Promise<void> {
  const said = await page.evaluate(() => window.__cuedMic?.next() ?? false);
  if (!said) throw new Error('the cued microphone had no phrase left to say, or no listener');
}

/**
 * Runs in the page before the app (serialised: it uses nothing from outside its body but
 * `openFeed`, see ./mic-feed.ts).
 */
function installCuedMic(
  openFeed: () => MicFeed,
  o: { pcm: string; rateHz: number; cuts: number[] },
): void {
  const bytes = Uint8Array.from(atob(o.pcm), (c) => c.charCodeAt(0));
  const samples = Float32Array.from(new Int16Array(bytes.buffer), (s) => s / 0x8000);
  const bounds = [0, ...o.cuts, samples.length];
  let feed: MicFeed | null = null;
  let said = 0;
  const play = (): boolean => {
    const from = bounds[said];
    const to = bounds[said + 1];
    if (!feed || from === undefined || to === undefined) return false;
    const { context, destination } = feed;
    const part = samples.subarray(from, to);
    const buffer = context.createBuffer(1, part.length, o.rateHz);
    buffer.copyToChannel(part, 0);
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(destination);
    source.start();
    said++;
    return true;
  };
  window.__cuedMic = { next: () => said > 0 && play() };

  const ours = new WeakSet<MediaStream>();
  const proto = AudioContext.prototype;
  const connect = Object.getOwnPropertyDescriptor(proto, 'createMediaStreamSource')
    ?.value as AudioContext['createMediaStreamSource'];
  proto.createMediaStreamSource = function (this: AudioContext, stream) {
    // The first phrase starts when the app listens, as a person answers the call.
    if (ours.has(stream) && said === 0) play();
    return connect.call(this, stream);
  };
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia.bind(devices);
  devices.getUserMedia = (constraints?: MediaStreamConstraints) => {
    if (!constraints?.audio) return original(constraints);
    feed ??= openFeed();
    // A clone for each caller: the app stops the tracks it is given, and the feed goes on.
    const track = feed.destination.stream.getAudioTracks()[0];
    if (!track) return Promise.reject(new Error('the cued microphone has no track'));
    const stream = new MediaStream([track.clone()]);
    ours.add(stream);
    return Promise.resolve(stream);
  };
}
