/**
 * Notices the start of loud sound in the microphone within one capture block (~20 ms), well
 * before the VAD has a full frame and a verdict: the reply can be ducked at once, and resumed if
 * the VAD does not call it speech. Tracks the noise floor while quiet. Pure.
 */
export class EnergyOnset {
  private floorDb: number;
  private loud = false;

  constructor(
    private readonly o: {
      /** Never trigger below this level (dBFS). */
      minDb: number;
      /** Trigger this far above the noise floor (dB). */
      marginDb: number;
      /** How fast the floor follows quieter sound (0–1 per block). */
      floorAdapt: number;
    } = { minDb: -40, marginDb: 15, floorAdapt: 0.05 },
  ) {
    this.floorDb = o.minDb - o.marginDb;
  }

  /** One block's level (dBFS); true at the block where loud sound begins. */
  block(levelDb: number): boolean {
    const threshold = Math.max(this.o.minDb, this.floorDb + this.o.marginDb);
    if (levelDb >= threshold) {
      const onset = !this.loud;
      this.loud = true;
      return onset;
    }
    this.loud = false;
    if (Number.isFinite(levelDb)) this.floorDb += (levelDb - this.floorDb) * this.o.floorAdapt;
    return false;
  }
}
