/** The parts of `@echogarden/espeak-ng-emscripten` the bench uses (the package ships no types). */
declare module '@echogarden/espeak-ng-emscripten' {
  /** One event of a synthesis: `word` events say where each word starts in the audio. */
  export interface EspeakEvent {
    type: 'word' | 'sentence' | 'end' | 'mark' | 'play' | 'phoneme' | 'msg_terminated';
    /** 1-based position of the word in the text (characters). */
    text_position: number;
    word_length: number;
    /** Where it starts in the audio (ms). */
    audio_position: number;
  }
  export interface EspeakWorker {
    get_samplerate(): number;
    /** A voice by name and variant ("nl", "nl+f3"): 0 when it was set. */
    set_voice(name: string): number;
    /** Words per minute. */
    set_rate(wpm: number): number;
    /** 0–100; 50 is the voice's own. */
    set_pitch(pitch: number): number;
    /** Its range, 0–100; 50 is the voice's own. */
    set_range(range: number): number;
    synthesize(text: string, onChunk: (samples: Int16Array, events: EspeakEvent[]) => void): void;
  }
  interface EspeakModule {
    eSpeakNGWorker: new () => EspeakWorker;
  }
  const load: () => Promise<EspeakModule>;
  export default load;
}
