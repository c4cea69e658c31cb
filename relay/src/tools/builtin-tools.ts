import type { Storage } from '../storage/index.ts';
import { arithmeticTool } from './builtin/arithmetic.ts';
import { clockTool } from './builtin/clock.ts';
import { noteTools } from './builtin/note-tools.ts';
import { reminderTools } from './builtin/reminder-tools.ts';
import type { Tool, ToolSource } from './tool.ts';

export interface BuiltinToolsDeps {
  storage: Pick<Storage, 'reminders' | 'notes'>;
  /** Told after a user's reminders changed, so the reminder clock re-plans. */
  reminderChanged(userId: string): void;
  /** `BUILTIN_TOOLS`: false gives no turn any built-in tool. */
  enabled: boolean;
}

/**
 * The relay's own tools, one implementation for the models' tool calls and the offline
 * responder: the time and date, arithmetic, reminders and notes. Every user has them all
 * (their data is their own) unless `BUILTIN_TOOLS=false`.
 */
export class BuiltinTools implements ToolSource {
  /** Every built-in tool, by name. */
  private readonly byName: ReadonlyMap<string, Tool>;

  constructor(private readonly d: BuiltinToolsDeps) {
    const tools = [
      clockTool,
      arithmeticTool,
      ...reminderTools({
        store: d.storage.reminders,
        changed: (userId) => d.reminderChanged(userId),
      }),
      ...noteTools({ store: d.storage.notes }),
    ];
    this.byName = new Map(tools.map((t) => [t.name, t]));
  }

  /** Whether turns get the built-in tools (`BUILTIN_TOOLS`). */
  get enabled(): boolean {
    return this.d.enabled;
  }

  toolsFor(): Promise<readonly Tool[]> {
    return Promise.resolve(this.d.enabled ? [...this.byName.values()] : []);
  }

  /** The built-in tool called `name` (whether or not turns get them). */
  tool(name: string): Tool | undefined {
    return this.byName.get(name);
  }
}
