/**
 * Group commit for SqliteGrantStore. Every unit of work of this process goes through one queue;
 * the units waiting when a commit starts run one after the other inside one write transaction
 * (BEGIN IMMEDIATE) and commit together: under load that is one commit (one fsync) for many
 * callers instead of one per statement. If a unit throws, the transaction is rolled back, that
 * unit alone fails, and the others run again in a new one: a unit only reads and writes the store,
 * so running it again decides the same from the same state.
 *
 * All writes of a process go through here, never past it: SQLite's busy handler waits by blocking
 * the thread, so a second writer on another connection of the same process would block the event
 * loop that has to finish the first one. Other processes wait on the busy timeout instead.
 */
import type { Connection, Statements } from './sqlite-db.js';
import { UnitScope } from './sqlite-unit.js';
import type { StoreTransaction } from './types.js';

interface Unit {
  work: (tx: StoreTransaction) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Gets the connection itself, in the open transaction, and commits alone (migrations). */
  raw?: ((db: Connection) => void) | undefined;
}

/** Units per commit: enough to amortise the commit, few enough to keep one commit short. */
const MAX_UNITS_PER_COMMIT = 128;
const BEGIN_RETRIES = 5;

export class SqliteWriter {
  private readonly queue: Unit[] = [];
  private draining = false;

  constructor(private readonly st: Statements) {}

  run<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  /** Runs `work` on the write connection inside a transaction of its own (migrations). */
  exclusive(work: (db: Connection) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ work: async () => undefined, raw: work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  /** Resolves when every queued unit has been committed or failed. */
  async idle(): Promise<void> {
    while (this.draining) await new Promise((r) => setImmediate(r));
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        // One turn of the event loop first: replies that arrived while the last commit held the
        // thread (its fsync blocks it) queue their units now, and join this commit.
        await new Promise((resolve) => setImmediate(resolve));
        const rawAt = this.queue.findIndex((u) => u.raw);
        const take = rawAt === 0 ? 1 : Math.min(MAX_UNITS_PER_COMMIT, rawAt < 0 ? this.queue.length : rawAt);
        let units = this.queue.splice(0, take);
        while (units.length > 0) units = await this.commit(units);
      }
    } finally {
      this.draining = false;
    }
  }

  /** Commits `units` together; returns the ones to run again (after one of them threw). */
  private async commit(units: Unit[]): Promise<Unit[]> {
    try {
      await this.begin();
    } catch (error) {
      for (const u of units) u.reject(error);
      return [];
    }
    const values: unknown[] = [];
    let index = 0;
    try {
      for (; index < units.length; index++) {
        const unit = units[index]!;
        if (unit.raw) {
          values.push(unit.raw(this.st.db));
          continue;
        }
        const scope = new UnitScope(this.st);
        values.push(await unit.work(scope));
        scope.flush();
      }
      this.st.run('COMMIT');
    } catch (error) {
      if (this.st.db.inTransaction) this.st.run('ROLLBACK');
      if (index >= units.length) {
        // The commit itself failed: nothing of this group was written.
        for (const u of units) u.reject(error);
        return [];
      }
      units[index]!.reject(error);
      return units.filter((_, i) => i !== index);
    }
    units.forEach((u, i) => u.resolve(values[i]));
    return [];
  }

  /**
   * BEGIN IMMEDIATE waits up to the busy timeout for another process's write; a writer that holds
   * it longer (a long checkpoint) gets a few more tries before the units fail.
   */
  private async begin(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        this.st.run('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if (attempt >= BEGIN_RETRIES || !isBusy(error)) throw error;
        await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
      }
    }
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
