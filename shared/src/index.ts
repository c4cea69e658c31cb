export * from './audio/constants.ts';
export * from './audio/pcm.ts';
export * from './audio/resampler.ts';
export * from './audio/chunker.ts';
export * from './protocol/messages.ts';
export * from './protocol/codec.ts';
export * from './audio/utterance-gate.ts';
