import { describe, expect, it } from 'vitest';
import { rewriteLibraryUrls } from './library-urls.ts';

describe('the library build’s URLs, for the bundler of a site that installs the package', () => {
  it('keeps the worklets and the worker files (no data: URL), wherever they are referenced', () => {
    expect(
      rewriteLibraryUrls(
        'a = new URL("assets/capture-worklet-C0g5IxuC.js", import.meta.url).href;\n' +
          "b = new URL('assets/vad-worker-D4jPhUTS.js',import.meta.url);",
      ),
    ).toBe(
      'a = new URL("assets/capture-worklet-C0g5IxuC.js?no-inline", import.meta.url).href;\n' +
        "b = new URL('assets/vad-worker-D4jPhUTS.js?no-inline', import.meta.url);",
    );
  });

  it('hides onnxruntime’s references to its own files, which the call never fetches', () => {
    expect(
      rewriteLibraryUrls(
        'new URL("ort.wasm.bundle.min.mjs", import.meta.url); new URL(`ort-wasm-simd-threaded.wasm`, import.meta.url)',
      ),
    ).toBe(
      "new URL(\"ort.wasm.bundle.min.mjs\", '' + import.meta.url); new URL(`ort-wasm-simd-threaded.wasm`, '' + import.meta.url)",
    );
  });

  it('leaves every other URL as it is', () => {
    const code =
      'new URL("./vad/", location.href); new URL(e, import.meta.url); new URL("other.js", import.meta.url)';
    expect(rewriteLibraryUrls(code)).toBe(code);
  });
});
