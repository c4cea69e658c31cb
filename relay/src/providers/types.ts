/**
 * The stage interfaces, kept here for one release only so that code written against this file
 * still compiles (other branches, embedders): import from `stages/` instead — `asr.ts`,
 * `llm.ts`, `tts.ts`, `common.ts`, `capabilities.ts` and `providers.ts` (issue 66). To be
 * removed in the release after.
 */
export type * from './stages/asr.ts';
export type * from './stages/capabilities.ts';
export type * from './stages/common.ts';
export type * from './stages/llm.ts';
export type * from './stages/providers.ts';
export type * from './stages/tts.ts';
