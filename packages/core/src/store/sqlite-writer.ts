/**
 * Group commit for SqliteGrantStore. Every unit of work of this process goes through one queue;
 * the units waiting when a commit starts run one after the other inside one write transaction
 * (BEGIN IMMEDIATE), each in its own savepoint, so a unit that throws is rolled back alone. Under
 * load that is one commit (one fsync) for many callers instead of one per statement.
 *
 * All writes of a process go through here, never past it: SQLite's busy handler waits by blocking
 * the thread, so a second writer on another connection of the same process would block the event
 * loop that has to finish the first one. Other processes wait on the busy timeout instead.
 */
import type { Client, InStatement, Transaction } from '@libsql/client';
import { accessFromRow, grantFromRow, putAccessStatement, putGrantStatement, type Row } from './sqlite-rows.js';
import type { AccessRecord, GrantRecord, StoreTransaction } from './types.js';
import type { GrantEvent } from '../domain/grant.js';

interface Unit {
  work: (tx: StoreTransaction) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Gets the libsql transaction itself and commits alone. */
  raw?: boolean;
}

/** Units per commit: enough to amortise the commit, few enough to keep one commit short. */
const MAX_UNITS_PER_COMMIT = 128;
const BEGIN_RETRIES = 5;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

export class SqliteWriter {
  private readonly queue: Unit[] = [];
  private draining = false;

  constructor(private readonly db: Client) {}

  run<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  /** Runs `work` on the raw transaction, alone in its own commit (migrations). */
  exclusive<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work: work as never, resolve: resolve as (v: unknown) => void, reject, raw: true });
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
        const rawAt = this.queue.findIndex((u) => u.raw);
        const units = rawAt === 0 ? this.queue.splice(0, 1) : this.queue.splice(0, Math.min(MAX_UNITS_PER_COMMIT, rawAt < 0 ? Infinity : rawAt));
        await this.commit(units);
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * BEGIN IMMEDIATE waits up to the busy timeout for another process's write; a writer that holds
   * it longer (a long checkpoint) gets a few more tries before the units fail.
   */
  private async begin(): Promise<Transaction> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction('write');
      } catch (error) {
        if (attempt >= BEGIN_RETRIES || !isBusy(error)) throw error;
        await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
      }
    }
  }

  private async commit(units: Unit[]): Promise<void> {
    let tx: Transaction;
    try {
      tx = await this.begin();
    } catch (error) {
      for (const u of units) u.reject(error);
      return;
    }
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      const alone = units.length === 1;
      for (const unit of units) {
        if (!alone) await tx.execute('SAVEPOINT unit');
        const scope = new UnitScope(tx);
        try {
          const value = unit.raw ? await (unit.work as unknown as (t: Transaction) => Promise<unknown>)(tx) : await unit.work(scope);
          await scope.flush();
          if (!alone) await tx.execute('RELEASE unit');
          outcomes.push({ ok: true, value });
        } catch (error) {
          if (alone) throw error;
          await tx.execute('ROLLBACK TO unit');
          await tx.execute('RELEASE unit');
          outcomes.push({ ok: false, error });
        }
      }
      await tx.commit();
    } catch (error) {
      // The commit itself failed (or the only unit did): nothing of this group was written.
      await tx.rollback().catch(() => undefined);
      tx.close();
      for (const u of units) u.reject(error);
      return;
    }
    tx.close();
    units.forEach((u, i) => {
      const o = outcomes[i]!;
      if (o.ok) u.resolve(o.value);
      else u.reject(o.error);
    });
  }
}

/** One unit's view of the open transaction: writes are buffered and flushed before any read. */
class UnitScope implements StoreTransaction {
  private pending: InStatement[] = [];

  constructor(private readonly tx: Transaction) {}

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const statements = this.pending;
    this.pending = [];
    await this.tx.batch(statements);
  }

  private async rows(sql: string, args: Array<string | number>): Promise<Row[]> {
    await this.flush();
    return (await this.tx.execute({ sql, args })).rows as unknown as Row[];
  }

  async getGrant(id: string): Promise<GrantRecord | null> {
    const [row] = await this.rows('SELECT data, version FROM grants WHERE id = ?', [id]);
    return row ? grantFromRow(row) : null;
  }

  async getGrantByIdempotencyKey(key: string): Promise<GrantRecord | null> {
    const [row] = await this.rows('SELECT data, version FROM grants WHERE idempotency_key = ?', [key]);
    return row ? grantFromRow(row) : null;
  }

  async getAccess(id: string): Promise<AccessRecord | null> {
    const [row] = await this.rows('SELECT * FROM accesses WHERE id = ?', [id]);
    return row ? accessFromRow(row) : null;
  }

  async getAccessByKey(key: string): Promise<AccessRecord | null> {
    const [row] = await this.rows('SELECT * FROM accesses WHERE access_key = ?', [key]);
    return row ? accessFromRow(row) : null;
  }

  async openGrantsOf(accessId: string): Promise<GrantRecord[]> {
    const rows = await this.rows("SELECT data, version FROM grants WHERE access_id = ? AND status NOT IN ('revoked', 'expired') ORDER BY id", [accessId]);
    return rows.map(grantFromRow);
  }

  putGrant(record: GrantRecord): void {
    this.pending.push(putGrantStatement(record));
  }

  putAccess(record: AccessRecord): void {
    this.pending.push(putAccessStatement(record));
  }

  appendEvent(event: GrantEvent): void {
    this.pending.push({
      sql: 'INSERT INTO grant_events (id, grant_id, at, data) VALUES (?, ?, ?, ?)',
      args: [event.id, event.grantId, event.at, JSON.stringify(event)],
    });
  }
}
