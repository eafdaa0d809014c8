/**
 * SqliteGrantStore: the embedded durable store, one SQLite file through @libsql/client (an
 * optional peer dependency; no native build). Migrations run on open, including the upgrade of a
 * wave-1 file. Several processes may share one file: WAL lets readers run beside the writer,
 * every connection waits for another process's write (busy timeout) instead of failing, and every
 * unit of work is one transaction (see sqlite-writer.ts for how units are grouped into commits).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient, type Client, type InArgs, type Transaction } from '@libsql/client';
import type { GrantEvent } from '../domain/grant.js';
import { ConfigError } from '../errors.js';
import { MIGRATIONS } from './sqlite-migrations.js';
import { accessFromRow, grantFromRow, type Row } from './sqlite-rows.js';
import { accessById, grantById, rowsOf, type Execute } from './sqlite-queries.js';
import { openShared } from './sqlite-shared.js';
import { SqliteWriter } from './sqlite-writer.js';
import type { AccessRecord, GrantRecord, GrantStore, StoredEvent, StoreQuery, StoreTransaction } from './types.js';

export interface SqliteGrantStoreOptions {
  /** Path of the SQLite file (created if missing), or `:memory:`. */
  path: string;
  /** How long a connection waits for a lock held by another process, in ms. Default 5000. */
  busyTimeoutMs?: number;
}

export class SqliteGrantStore implements GrantStore {
  private closed = false;

  private constructor(
    private readonly db: Client,
    private readonly writer: SqliteWriter,
    private readonly release: () => void,
  ) {}

  /** Opens (and migrates) the store. */
  static async open(options: SqliteGrantStoreOptions): Promise<SqliteGrantStore> {
    if (!options?.path || typeof options.path !== 'string') {
      throw new ConfigError('SqliteGrantStore.open needs a file path: SqliteGrantStore.open({ path: "./data/grants.db" }).');
    }
    const busy = options.busyTimeoutMs ?? 5000;
    if (!Number.isFinite(busy) || busy < 0) throw new ConfigError(`busyTimeoutMs must be a number of ms >= 0; got ${String(options.busyTimeoutMs)}.`);
    const memory = options.path === ':memory:';
    const shared = await openShared(memory ? null : resolve(options.path), async () => {
      // A file URL built from the path: characters such as % and ? in a directory name stay literal.
      const url = memory ? ':memory:' : pathToFileURL(resolve(options.path)).href;
      // `timeout` is libsql's busy timeout, applied to every pooled connection (a PRAGMA would reach one).
      const db = createClient({ url, intMode: 'number', timeout: Math.floor(busy) });
      if (!memory) await db.execute('PRAGMA journal_mode = WAL');
      const writer = new SqliteWriter(db);
      await writer.exclusive((tx) => migrate(tx));
      return { db, writer };
    });
    return new SqliteGrantStore(shared.db, shared.writer, shared.release);
  }

  transact<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.writer.run(work);
  }

  getGrant(id: string): Promise<GrantRecord | null> {
    return grantById(this.execute, id);
  }

  getAccess(id: string): Promise<AccessRecord | null> {
    return accessById(this.execute, id);
  }

  async list(query: StoreQuery): Promise<{ items: GrantRecord[]; nextAfter: string | null }> {
    const where: string[] = [];
    const args: Array<string | number> = [];
    const add = (sql: string, ...values: Array<string | number>) => {
      where.push(sql);
      args.push(...values);
    };
    if (query.provider) add('provider = ?', query.provider);
    if (query.statuses?.length) add(`status IN (${query.statuses.map(() => '?').join(',')})`, ...query.statuses);
    if (query.userId) add('user_id = ?', query.userId);
    if (query.userIdentityId) add('user_identity_id = ?', query.userIdentityId);
    if (query.externalId) add('external_id = ?', query.externalId);
    if (query.personId) add('person_id = ?', query.personId);
    if (query.accessId) add('access_id = ?', query.accessId);
    if (query.after !== undefined) add('id > ?', query.after);
    const sql = `SELECT data, version FROM grants ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`;
    const rows = await this.rows(sql, [...args, query.limit + 1]);
    const items = rows.slice(0, query.limit).map(grantFromRow);
    return { items, nextAfter: rows.length > query.limit ? items[items.length - 1]!.id : null };
  }

  async dueGrants(now: number, limit: number): Promise<GrantRecord[]> {
    const rows = await this.rows('SELECT data, version FROM grants WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, id LIMIT ?', [now, limit]);
    return rows.map(grantFromRow);
  }

  async dueAccesses(now: number, limit: number): Promise<AccessRecord[]> {
    const rows = await this.rows('SELECT * FROM accesses WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, id LIMIT ?', [now, limit]);
    return rows.map(accessFromRow);
  }

  async nextDueAt(): Promise<number | null> {
    const [row] = await this.rows(
      `SELECT MIN(t) AS next FROM (
         SELECT MIN(due_at) AS t FROM grants WHERE due_at IS NOT NULL
         UNION ALL SELECT MIN(due_at) AS t FROM accesses WHERE due_at IS NOT NULL)`,
      [],
    );
    return row?.next === null || row?.next === undefined ? null : Number(row.next);
  }

  async staleAccesses(now: number, limit: number): Promise<AccessRecord[]> {
    const rows = await this.rows(
      "SELECT * FROM accesses WHERE check_at IS NOT NULL AND check_at <= ? AND state <> 'absent' ORDER BY check_at, id LIMIT ?",
      [now, limit],
    );
    return rows.map(accessFromRow);
  }

  async history(grantId: string): Promise<GrantEvent[]> {
    const rows = await this.rows('SELECT data FROM grant_events WHERE grant_id = ? ORDER BY seq', [grantId]);
    return rows.map((r) => JSON.parse(String(r.data)) as GrantEvent);
  }

  async events({ afterSeq = 0, limit }: { afterSeq?: number | undefined; limit: number }): Promise<StoredEvent[]> {
    const rows = await this.rows('SELECT seq, data FROM grant_events WHERE seq > ? ORDER BY seq LIMIT ?', [afterSeq, limit]);
    return rows.map((r) => ({ ...(JSON.parse(String(r.data)) as GrantEvent), seq: Number(r.seq) }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writer.idle();
    this.release();
  }

  private readonly execute: Execute = (statement) => this.db.execute(statement);

  private rows(sql: string, args: InArgs): Promise<Row[]> {
    return rowsOf(this.execute, sql, args);
  }
}

/** Applies the migrations not yet recorded, in one write transaction (two processes migrate once). */
async function migrate(tx: Transaction): Promise<void> {
  await tx.execute('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set((await tx.execute('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)));
  for (const [index, migration] of MIGRATIONS.entries()) {
    const version = index + 1;
    if (done.has(version)) continue;
    for (const sql of migration.statements) await tx.execute(sql);
    await migration.upgrade?.(tx);
    await tx.execute({ sql: 'INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', args: [version, new Date().toISOString()] });
  }
}
