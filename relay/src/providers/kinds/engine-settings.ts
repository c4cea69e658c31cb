/**
 * Each embedded engine's settings as the plan read them from the environment (each engine reads
 * its own `<NAME>_*` variables, `EngineDef.configure`): the engine finds its own here, by itself;
 * a plan built by hand has none, and each engine then runs with its defaults.
 */
export class EngineSettings {
  /** The engines whose settings were read into this, by name. */
  readonly engines = new Set<string>();
}
