import { describe, expect, it } from 'vitest';
import { vadAssetsUrl } from './vad-loader.ts';

describe('vadAssetsUrl: where `assetBaseUrl` puts the detector’s files', () => {
  it('is `vad/` in the directory given, as a string or a URL', () => {
    expect(vadAssetsUrl('https://relay.example/')).toBe('https://relay.example/vad/');
    expect(vadAssetsUrl(new URL('https://cdn.example/parley/1.0/'))).toBe(
      'https://cdn.example/parley/1.0/vad/',
    );
  });

  it('takes the directory of an address without its trailing slash', () => {
    expect(vadAssetsUrl('https://example.org/assets/index.js')).toBe(
      'https://example.org/assets/vad/',
    );
  });
});
