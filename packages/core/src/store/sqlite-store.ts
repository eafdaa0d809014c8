/**
 * SqliteGrantStore: the embedded durable store, one SQLite file through `libsql` (an optional
 * peer dependency with prebuilt binaries; no native build). Migrations run on open, including
 * the upgrade of a 0.1 file. Several processes may share one file: WAL lets readers run beside the
 * writer, every connection waits for another process's write (busy timeout) instead of failing,
 * and every unit of work is one transaction (see sqlite-writer.ts for how units share commits).
 */
import { resolve } from 'node:path';
import type { GrantEvent } from '../domain/grant.js';
import { ConfigError } from '../errors.js';
import { renderRedacted } from '../http/redact.js';
import { connect, Statements, type SqlValue } from './sqlite-db.js';
import { MIGRATIONS } from './sqlite-migrations.js';
import { accessById, grantById } from './sqlite-queries.js';
import { accessFromRow, grantFromRow } from './sqlite-rows.js';
import { openShared, type SqliteHandles } from './sqlite-shared.js';
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

  private constructor(private readonly handles: SqliteHandles) {
    renderRedacted(this, 'SqliteGrantStore', () => ({}));
  }

  /** Opens (and migrates) the store. */
  static async open(options: SqliteGrantStoreOptions): Promise<SqliteGrantStore> {
    if (!options?.path || typeof options.path !== 'string') {
      throw new ConfigError('SqliteGrantStore.open needs a file path: SqliteGrantStore.open({ path: "./data/grants.db" }).');
    }
    const busy = options.busyTimeoutMs ?? 5000;
    if (!Number.isFinite(busy) || busy < 0) throw new ConfigError(`busyTimeoutMs must be a number of ms >= 0; got ${String(options.busyTimeoutMs)}.`);
    const memory = options.path === ':memory:';
    // A plain file path (no URL): characters such as % and ? in a directory name stay literal.
    const path = memory ? ':memory:' : resolve(options.path);
    const handles = await openShared(memory ? null : path, async () => {
      const write = connect(path, Math.floor(busy));
      if (!memory) write.exec('PRAGMA journal_mode = WAL');
      // An in-memory database exists on one connection only: it reads and writes there.
      const read = memory ? write : connect(path, Math.floor(busy));
      const writer = new SqliteWriter(new Statements(write));
      await writer.exclusive((db) => migrate(new Statements(db)));
      return {
        reads: new Statements(read),
        writer,
        close: () => {
          write.close();
          if (read !== write) read.close();
        },
      };
    });
    return new SqliteGrantStore(handles);
  }

  transact<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.handles.writer.run(work);
  }

  async getGrant(id: string): Promise<GrantRecord | null> {
    return grantById(this.handles.reads, id);
  }

  async getAccess(id: string): Promise<AccessRecord | null> {
    return accessById(this.handles.reads, id);
  }

  async list(query: StoreQuery): Promise<{ items: GrantRecord[]; nextAfter: string | null }> {
    const where: string[] = [];
    const args: SqlValue[] = [];
    const add = (sql: string, ...values: SqlValue[]) => {
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
    const rows = this.handles.reads.all(sql, [...args, query.limit + 1]);
    const items = rows.slice(0, query.limit).map(grantFromRow);
    return { items, nextAfter: rows.length > query.limit ? items[items.length - 1]!.id : null };
  }

  async dueGrants(now: number, limit: number): Promise<GrantRecord[]> {
    return this.handles.reads.all('SELECT data, version FROM grants WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, id LIMIT ?', [now, limit]).map(grantFromRow);
  }

  async dueAccesses(now: number, limit: number): Promise<AccessRecord[]> {
    return this.handles.reads.all('SELECT * FROM accesses WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, id LIMIT ?', [now, limit]).map(accessFromRow);
  }

  async nextDueAt(): Promise<number | null> {
    const row = this.handles.reads.get(
      `SELECT MIN(t) AS next FROM (
         SELECT MIN(due_at) AS t FROM grants WHERE due_at IS NOT NULL
         UNION ALL SELECT MIN(due_at) AS t FROM accesses WHERE due_at IS NOT NULL)`,
    );
    return row?.next === null || row?.next === undefined ? null : Number(row.next);
  }

  async staleAccesses(now: number, limit: number): Promise<AccessRecord[]> {
    return this.handles.reads
      .all("SELECT * FROM accesses WHERE check_at IS NOT NULL AND check_at <= ? AND state <> 'absent' ORDER BY check_at, id LIMIT ?", [now, limit])
      .map(accessFromRow);
  }

  async history(grantId: string): Promise<GrantEvent[]> {
    return this.handles.reads.all('SELECT data FROM grant_events WHERE grant_id = ? ORDER BY seq', [grantId]).map((r) => JSON.parse(String(r.data)) as GrantEvent);
  }

  async events({ afterSeq = 0, limit }: { afterSeq?: number | undefined; limit: number }): Promise<StoredEvent[]> {
    return this.handles.reads
      .all('SELECT seq, data FROM grant_events WHERE seq > ? ORDER BY seq LIMIT ?', [afterSeq, limit])
      .map((r) => ({ ...(JSON.parse(String(r.data)) as GrantEvent), seq: Number(r.seq) }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handles.writer.idle();
    this.handles.close();
  }
}

/** Applies the migrations not yet recorded, in one write transaction (two processes migrate once). */
function migrate(st: Statements): void {
  st.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set(st.all('SELECT version FROM schema_migrations').map((r) => Number(r.version)));
  for (const [index, migration] of MIGRATIONS.entries()) {
    const version = index + 1;
    if (done.has(version)) continue;
    for (const sql of migration.statements) st.db.exec(sql);
    migration.upgrade?.(st);
    st.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [version, new Date().toISOString()]);
  }
}
