/**
 * The slice of the WebAssembly JS API that Flite needs, typed locally: the relay's lib settings
 * (ES2023, no DOM) and @types/node 20 do not declare the `WebAssembly` global.
 */

/** A compiled `WebAssembly.Module` (opaque; structured-cloneable to worker threads). */
export interface WasmModule {
  readonly __wasmModule?: never;
}

/** An instantiated `WebAssembly.Instance` (opaque; handed to `WASI.start`). */
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: object): Promise<WasmInstance>;
}

// The global exists in every Node version we support; only its type declaration is missing.
export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
