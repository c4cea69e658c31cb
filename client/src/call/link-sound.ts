/** How the sounds a link plays by itself (a reminder's ring, a tool's earcon) are heard. */
export interface LinkSound {
  /** The speaker the user chose (null: the system default). */
  speakerDeviceId(): string | null;
  /** Whether the user hears the conversation now: in a call, or typing with "Speak replies". */
  speaks(): boolean;
}
