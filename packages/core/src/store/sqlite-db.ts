/**
 * The SQLite connections of SqliteGrantStore, through `libsql` (the engine @libsql/client is built
 * on; prebuilt binaries, no native build). Its API is synchronous, and every statement is prepared
 * once and reused: preparing on every call (as @libsql/client does) costs ~20 µs a statement and
 * keeps ~3 KB of native memory per call until the process exits.
 */
import Database from 'libsql';

export type Connection = InstanceType<typeof Database>;
// Bound parameters are positional: one value per `?`.
type Statement = { all(...params: unknown[]): unknown[]; get(...params: unknown[]): unknown; run(...params: unknown[]): unknown };
export type SqlValue = string | number | null;

/** Prepared statements by SQL text; the set is small (fixed queries plus a few list shapes). */
export class Statements {
  private readonly cache = new Map<string, Statement>();

  constructor(readonly db: Connection) {}

  private statement(sql: string): Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      // A bound on list shapes built from filters; evicting the oldest keeps it from growing.
      if (this.cache.size >= 256) this.cache.delete(this.cache.keys().next().value!);
      stmt = this.db.prepare(sql) as unknown as Statement;
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  all(sql: string, args: readonly SqlValue[] = []): Array<Record<string, unknown>> {
    return this.statement(sql).all(...args) as Array<Record<string, unknown>>;
  }

  get(sql: string, args: readonly SqlValue[] = []): Record<string, unknown> | undefined {
    return this.statement(sql).get(...args) as Record<string, unknown> | undefined;
  }

  run(sql: string, args: readonly SqlValue[] = []): void {
    this.statement(sql).run(...args);
  }
}

/** Opens one connection; `timeout` is SQLite's busy timeout for this connection, in ms. */
export function connect(path: string, busyTimeoutMs: number): Connection {
  return new Database(path, { timeout: busyTimeoutMs });
}
