import { RelayError } from '../errors.ts';

/**
 * Spending caps, as a pure policy over the totals the {@link CostMeter} keeps. Each scope has a
 * hard cap (reached: no more provider calls) and a soft one (reached: warn the user).
 */
interface BudgetLimit {
  /** Warn from this spend on (micro-dollars); 0 = never warn. */
  softMicros: number;
  /** No provider call from this spend on (micro-dollars); 0 = unlimited. */
  hardMicros: number;
}

export interface BudgetLimits {
  session: BudgetLimit;
  /** Per user per UTC day. */
  userDay: BudgetLimit;
}

/** What has been spent (micro-dollars). */
export interface Spend {
  sessionMicros: number;
  userDayMicros: number;
}

export type BudgetScope = 'session' | 'user-day';

/**
 * - `warning`: `spentMicros` ≥ the soft limit `limitMicros`; `hardLimitMicros` is the cap ahead.
 * - `exceeded`: `spentMicros` ≥ the hard cap `limitMicros`.
 */
export type BudgetState =
  | { state: 'ok' }
  | {
      state: 'warning';
      scope: BudgetScope;
      spentMicros: number;
      limitMicros: number;
      hardLimitMicros: number;
    }
  | { state: 'exceeded'; scope: BudgetScope; spentMicros: number; limitMicros: number };

/** Refused by {@link preflight}: the cap is reached, or the call's estimate would pass it. */
export interface PreflightRefusal {
  ok: false;
  scope: BudgetScope;
  reason: 'cap-reached' | 'would-exceed';
  spentMicros: number;
  limitMicros: number;
  estimateMicros: number;
}

export type PreflightResult = { ok: true } | PreflightRefusal;

interface ScopeSpend {
  scope: BudgetScope;
  spentMicros: number;
  limit: BudgetLimit;
}

// The day's cap first: when both scopes are in the same state it is the one to explain, since
// starting a new session does not help.
function scopes(spend: Spend, limits: BudgetLimits): ScopeSpend[] {
  return [
    { scope: 'user-day', spentMicros: spend.userDayMicros, limit: limits.userDay },
    { scope: 'session', spentMicros: spend.sessionMicros, limit: limits.session },
  ];
}

/**
 * Where the spending stands. Thresholds are inclusive: spending exactly the soft limit warns,
 * exactly the hard cap is exceeded. When both scopes warn, the one with less left is reported.
 */
export function budgetState(spend: Spend, limits: BudgetLimits): BudgetState {
  const all = scopes(spend, limits).filter((s) => s.limit.hardMicros > 0);
  const over = all.find((s) => s.spentMicros >= s.limit.hardMicros);
  if (over) {
    return {
      state: 'exceeded',
      scope: over.scope,
      spentMicros: over.spentMicros,
      limitMicros: over.limit.hardMicros,
    };
  }
  const warned = all
    .filter((s) => s.limit.softMicros > 0 && s.spentMicros >= s.limit.softMicros)
    .sort((a, b) => a.limit.hardMicros - a.spentMicros - (b.limit.hardMicros - b.spentMicros))[0];
  if (warned) {
    return {
      state: 'warning',
      scope: warned.scope,
      spentMicros: warned.spentMicros,
      limitMicros: warned.limit.softMicros,
      hardLimitMicros: warned.limit.hardMicros,
    };
  }
  return { state: 'ok' };
}

/**
 * May a provider call estimated to cost `estimateMicros` start? No once a hard cap is reached
 * (whatever the estimate, so even a call priced at 0 is refused), nor when the estimate would
 * take the spend past a cap. Estimates are rough, so a cap can still be overshot by what calls
 * in flight actually cost; add their estimates to `spend` to reserve for them.
 */
export function preflight(
  spend: Spend,
  estimateMicros: number,
  limits: BudgetLimits,
): PreflightResult {
  if (!(Number.isFinite(estimateMicros) && estimateMicros >= 0)) {
    throw new RangeError(`estimateMicros must be a number ≥ 0; got ${estimateMicros}.`);
  }
  const capped = scopes(spend, limits).filter((s) => s.limit.hardMicros > 0);
  const refuse = (s: ScopeSpend, reason: PreflightRefusal['reason']): PreflightRefusal => ({
    ok: false,
    scope: s.scope,
    reason,
    spentMicros: s.spentMicros,
    limitMicros: s.limit.hardMicros,
    estimateMicros,
  });
  const reached = capped.find((s) => s.spentMicros >= s.limit.hardMicros);
  if (reached) return refuse(reached, 'cap-reached');
  const wouldPass = capped.find((s) => s.spentMicros + estimateMicros > s.limit.hardMicros);
  if (wouldPass) return refuse(wouldPass, 'would-exceed');
  return { ok: true };
}

/** Caps in US dollars (0 = unlimited) and the soft ratio (0 = no warning) → limits in micros. */
export function budgetLimitsFromUsd(settings: {
  sessionUsd: number;
  userDayUsd: number;
  softRatio: number;
}): BudgetLimits {
  const limit = (usd: number): BudgetLimit => {
    const hardMicros = Math.round(usd * 1e6);
    return { hardMicros, softMicros: Math.round(hardMicros * settings.softRatio) };
  };
  return { session: limit(settings.sessionUsd), userDay: limit(settings.userDayUsd) };
}

/** The error to send when a cap stops the session (HTTP 402, close code BudgetExceeded). */
export function budgetExceededError(
  v: Extract<BudgetState, { state: 'exceeded' }> | PreflightRefusal,
): RelayError {
  const spent = formatUsd(v.spentMicros);
  const limit = formatUsd(v.limitMicros);
  const wouldExceed = 'reason' in v && v.reason === 'would-exceed';
  if (v.scope === 'session') {
    return RelayError.budgetExceeded(
      wouldExceed
        ? `Answering would go over this conversation’s ${limit} budget (${spent} used). Start a new conversation to continue.`
        : `This conversation has used its ${limit} budget (${spent}). Start a new conversation to continue.`,
    );
  }
  return RelayError.budgetExceeded(
    wouldExceed
      ? `Answering would go over your ${limit} daily budget (${spent} used). It resets at midnight UTC.`
      : `You have used your ${limit} daily budget (${spent}). It resets at midnight UTC.`,
  );
}

/** Text for a soft-limit warning. */
export function budgetWarningText(v: Extract<BudgetState, { state: 'warning' }>): string {
  const spent = formatUsd(v.spentMicros);
  const cap = formatUsd(v.hardLimitMicros);
  return v.scope === 'session'
    ? `This conversation has used ${spent} of its ${cap} budget.`
    : `You have used ${spent} of your ${cap} daily budget (it resets at midnight UTC).`;
}

/** `$1.00`, `$0.25`; amounts under a cent keep four decimals (`$0.0042`). */
export function formatUsd(micros: number): string {
  const usd = micros / 1e6;
  return `$${micros > 0 && micros < 10_000 ? usd.toFixed(4) : usd.toFixed(2)}`;
}
