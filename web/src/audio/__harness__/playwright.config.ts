// Scratch harness for the audio layer, in real Chromium with a fake microphone. See README.md.
// Run from the repo root: npx playwright test -c web/src/audio/__harness__/playwright.config.ts
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

const WORK = '/tmp/parley-audio-harness';
const WEB = join(import.meta.dirname, '../../..');
const VITE = join(WEB, 'node_modules/.bin/vite');
const CONFIG = 'src/audio/__harness__/vite.config.ts';
export const SPEECH_WAV = join(WORK, 'speech.wav');
export const RAW_WAV = join(WORK, 'raw.wav');

// "what time is it" (flite, 16 kHz), padded with 1 s of silence before and 2 s after, at 48 kHz.
mkdirSync(WORK, { recursive: true });
execFileSync('flite', ['-voice', 'slt', '-t', 'what time is it', '-o', RAW_WAV]);
execFileSync('sox', [RAW_WAV, '-r', '48000', '-b', '16', '-c', '1', SPEECH_WAV, 'pad', '1', '2']);

export default defineConfig({
  testDir: import.meta.dirname,
  testMatch: '*.spec.ts',
  timeout: 120_000,
  workers: 1,
  reporter: 'list',
  outputDir: join(WORK, 'test-results'),
  use: {
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-audio-capture=${SPEECH_WAV}%noloop`,
        '--autoplay-policy=no-user-gesture-required',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: `${VITE} -c ${CONFIG} --port 5301 --strictPort`,
      cwd: WEB,
      url: 'http://localhost:5301/',
      reuseExistingServer: false,
    },
    {
      command: `${VITE} build -c ${CONFIG} && ${VITE} preview -c ${CONFIG} --port 5302 --strictPort`,
      cwd: WEB,
      env: { HARNESS_BASE: '/parley/' },
      url: 'http://localhost:5302/parley/',
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
  projects: [
    { name: 'dev', use: { baseURL: 'http://localhost:5301/' } },
    { name: 'build', use: { baseURL: 'http://localhost:5302/parley/' } },
  ],
});
