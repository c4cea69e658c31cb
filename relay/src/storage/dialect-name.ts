/** The SQL dialects the relay stores data in. */
export type DialectName = 'sqlite' | 'postgres';
