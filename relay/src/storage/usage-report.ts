import { USAGE_TOP_USERS, type UsageReport } from '@parley/shared';
import { sql, type RawBuilder } from 'kysely';
import type { Database } from './database.ts';

/** The units summed per provider (the keys `UsageUnits` hold for each stage). */
const UNITS = ['audioMs', 'inputTokens', 'outputTokens', 'characters'] as const;

// PostgreSQL's sum() of bigint is numeric (a string in node-postgres): cast back to bigint.
const cost = sql<number>`cast(coalesce(sum(cost_micros), 0) as bigint)`;
const calls = sql<number>`count(*)`;

/**
 * What the usage ledger holds for a period, summed by the database (SQLite or PostgreSQL): per
 * UTC day, per user and per provider with its units. Reads the ledger's `day` column (indexed),
 * never a row into memory: each answer is a handful of groups.
 */
export class UsageReports {
  constructor(private readonly database: Pick<Database, 'dialect' | 'as'>) {}

  /** The report for the UTC days `from`–`to` (`YYYY-MM-DD`, both included). */
  async report(from: string, to: string): Promise<UsageReport> {
    // Every user's ledger: an admin's view, in the system scope (one transaction on PostgreSQL).
    const [byDay, byUser, users, byProvider] = await this.database.as({ system: 'ops' }, (db) => {
      const inPeriod = db
        .selectFrom('usage_ledger')
        .where('day', '>=', from)
        .where('day', '<=', to);
      return Promise.all([
        inPeriod
          .select(['day', cost.as('cost_micros'), calls.as('calls')])
          .groupBy('day')
          .orderBy('day')
          .execute(),
        inPeriod
          .select(['user_id', cost.as('cost_micros'), calls.as('calls')])
          .groupBy('user_id')
          .orderBy('cost_micros', 'desc')
          .orderBy('user_id')
          .limit(USAGE_TOP_USERS)
          .execute(),
        inPeriod.select(sql<number>`count(distinct user_id)`.as('users')).executeTakeFirstOrThrow(),
        inPeriod
          .select([
            'stage',
            'provider',
            cost.as('cost_micros'),
            calls.as('calls'),
            ...UNITS.map((unit) => this.unitSum(unit).as(unit)),
          ])
          .groupBy(['stage', 'provider'])
          .orderBy('stage')
          .orderBy('provider')
          .execute(),
      ]);
    });
    const n = (x: number | string) => Number(x);
    return {
      from,
      to,
      total: {
        costMicros: byDay.reduce((sum, d) => sum + n(d.cost_micros), 0),
        calls: byDay.reduce((sum, d) => sum + n(d.calls), 0),
      },
      byDay: byDay.map((d) => ({ day: d.day, costMicros: n(d.cost_micros), calls: n(d.calls) })),
      byUser: byUser.map((u) => ({
        userId: u.user_id,
        costMicros: n(u.cost_micros),
        calls: n(u.calls),
      })),
      users: n(users.users),
      byProvider: byProvider.map((p) => {
        const units: Record<string, number> = {};
        for (const unit of UNITS) {
          const value = n(p[unit]);
          if (value !== 0) units[unit] = value;
        }
        return {
          stage: p.stage,
          provider: p.provider,
          costMicros: n(p.cost_micros),
          calls: n(p.calls),
          units,
        };
      }),
    };
  }

  /** Σ of one unit in the rows' `units` JSON, in each dialect's JSON syntax. */
  private unitSum(unit: (typeof UNITS)[number]): RawBuilder<number> {
    const path = `$.${unit}`;
    return this.database.dialect === 'sqlite'
      ? sql<number>`coalesce(sum(json_extract(units, ${path})), 0)`
      : sql<number>`coalesce(sum((cast(units as json) ->> ${unit})::double precision), 0)`;
  }
}
