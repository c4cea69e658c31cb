import { z } from 'zod';
import { envNumber } from '../env/env-fields.ts';
import { readEnv, type Env } from '../env/read-env.ts';

const toolRoundsEnvSchema = z.object({
  TOOL_MAX_ROUNDS: envNumber({
    default: 5,
    min: 0,
    max: 20,
    integer: true,
    meaning: 'rounds of tool calls a turn may take before the model must answer, 0 = no tools',
  }),
  TOOL_MAX_CALLS_PER_ROUND: envNumber({
    default: 10,
    min: 1,
    max: 100,
    integer: true,
    meaning:
      'tool calls one round may make; the calls past it are refused with words for the model',
  }),
  TOOL_TURN_BUDGET_S: envNumber({
    default: 15,
    min: 0.1,
    max: 600,
    meaning: 'seconds the tools of one turn may run in all',
  }),
});

/** How far a turn may go in calling tools (issue 48). */
export interface ToolRoundsConfig {
  /**
   * Rounds of model → tools a turn may take (`TOOL_MAX_ROUNDS`); the model is then asked once
   * more without tools, and answers in words. 0: no tools are offered.
   */
  maxRounds: number;
  /**
   * Calls one round may make (`TOOL_MAX_CALLS_PER_ROUND`): the model's calls past it are not
   * run nor asked about, and it is told so (issue 60, item 12: sixty parallel calls in one
   * round were each run at once).
   */
  maxCallsPerRound: number;
  /**
   * Time the tools of one turn may run in all (ms, `TOOL_TURN_BUDGET_S`): a call still running
   * when it is spent is stopped (the model is told), and no tools are offered after.
   */
  budgetMs: number;
}

/** The settings with no `TOOL_*` variable set. */
export const DEFAULT_TOOL_ROUNDS: ToolRoundsConfig = loadToolRoundsConfig({});

/** Reads the tool rounds' settings; throws one error listing every problem. */
export function loadToolRoundsConfig(env: Env): ToolRoundsConfig {
  const e = readEnv(toolRoundsEnvSchema, env, 'tools');
  return {
    maxRounds: e.TOOL_MAX_ROUNDS,
    maxCallsPerRound: e.TOOL_MAX_CALLS_PER_ROUND,
    budgetMs: Math.round(e.TOOL_TURN_BUDGET_S * 1000),
  };
}
