/**
 * SqliteGrantStore: the embedded durable store, one SQLite file through @libsql/client (an
 * optional peer dependency; no native build). Migrations run on open. Several processes may share
 * one file: claims and updates are single atomic statements, and WAL + busy_timeout let writers
 * wait for each other instead of failing.
 */
import { createClient, type Client, type InArgs } from '@libsql/client';
import type { GrantEvent } from '../domain/grant.js';
import { LIVE_STATUSES } from '../domain/status.js';
import { ConfigError, ConflictError } from '../errors.js';
import { subjectKeys } from './due.js';
import { MIGRATIONS } from './sqlite-migrations.js';
import type { ClaimOptions, GrantRecord, GrantStore, StoreQuery } from './types.js';

export interface SqliteGrantStoreOptions {
  /** Path of the SQLite file (created if missing), or `:memory:`. */
  path: string;
  /** How long a writer waits for a lock held by another process, in ms. Default 5000. */
  busyTimeoutMs?: number;
}

const LIVE_SQL = LIVE_STATUSES.map((s) => `'${s}'`).join(',');

/** The due-work rule of due.ts, in SQL. Parameters: now, now, now. */
const DUE_WHERE = `(lease_until IS NULL OR lease_until <= ?) AND (
  pending_op IS NOT NULL
  OR (status = 'scheduled' AND starts_at_ms IS NOT NULL AND starts_at_ms <= ?)
  OR (status IN (${LIVE_SQL}) AND ends_at_ms IS NOT NULL AND ends_at_ms <= ?))`;

type Row = Record<string, unknown>;

export class SqliteGrantStore implements GrantStore {
  private constructor(private readonly db: Client) {}

  /** Opens (and migrates) the store. */
  static async open(options: SqliteGrantStoreOptions): Promise<SqliteGrantStore> {
    if (!options?.path || typeof options.path !== 'string') {
      throw new ConfigError('SqliteGrantStore.open needs a file path: SqliteGrantStore.open({ path: "./data/grants.db" }).');
    }
    const url = options.path === ':memory:' ? ':memory:' : `file:${options.path}`;
    const db = createClient({ url, intMode: 'number' });
    await db.execute(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    if (options.path !== ':memory:') await db.execute('PRAGMA journal_mode = WAL');
    const store = new SqliteGrantStore(db);
    await store.migrate();
    return store;
  }

  private async migrate(): Promise<void> {
    await this.db.execute('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const done = new Set((await this.db.execute('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)));
    for (const [index, statements] of MIGRATIONS.entries()) {
      const version = index + 1;
      if (done.has(version)) continue;
      await this.db.batch(
        [
          ...statements.map((sql) => ({ sql, args: [] as InArgs })),
          { sql: 'INSERT OR IGNORE INTO schema_migrations (version, applied_at) VALUES (?, ?)', args: [version, new Date().toISOString()] },
        ],
        'write',
      );
    }
  }

  async insert(record: GrantRecord): Promise<{ record: GrantRecord; inserted: boolean }> {
    const rs = await this.db.execute({
      sql: `INSERT INTO grants (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})
            ON CONFLICT(idempotency_key) DO NOTHING`,
      args: columnValues(record),
    });
    if (rs.rowsAffected === 1) return { record: { ...record }, inserted: true };
    const existing = await this.getByIdempotencyKey(record.idempotencyKey);
    if (!existing) throw new ConflictError(`A grant with id ${record.id} already exists.`);
    return { record: existing, inserted: false };
  }

  async get(id: string): Promise<GrantRecord | null> {
    return this.one('SELECT * FROM grants WHERE id = ?', [id]);
  }

  async getByIdempotencyKey(key: string): Promise<GrantRecord | null> {
    return this.one('SELECT * FROM grants WHERE idempotency_key = ?', [key]);
  }

  async update(record: GrantRecord): Promise<GrantRecord> {
    const next = { ...record, version: record.version + 1 };
    const sets = COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = ?`);
    const values = columnValues(next).slice(1);
    const rs = await this.db.execute({ sql: `UPDATE grants SET ${sets.join(', ')} WHERE id = ? AND version = ?`, args: [...values, record.id, record.version] });
    if (rs.rowsAffected === 1) return next;
    const current = await this.get(record.id);
    if (!current) throw new ConflictError(`Grant ${record.id} does not exist in the store.`);
    throw new ConflictError(`Grant ${record.id} was changed concurrently (version ${current.version}, expected ${record.version}).`);
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
    if (query.after !== undefined) add('id > ?', query.after);
    const sql = `SELECT * FROM grants ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`;
    const rows = (await this.db.execute({ sql, args: [...args, query.limit + 1] })).rows as unknown as Row[];
    const items = rows.slice(0, query.limit).map(fromRow);
    return { items, nextAfter: rows.length > query.limit ? items[items.length - 1]!.id : null };
  }

  async claimDue(now: number, { owner, leaseMs, limit }: ClaimOptions): Promise<GrantRecord[]> {
    // One statement: SQLite runs it under a write lock, so two sweepers never claim the same row.
    const rs = await this.db.execute({
      sql: `UPDATE grants SET lease_owner = ?, lease_until = ?, version = version + 1
            WHERE id IN (SELECT id FROM grants WHERE ${DUE_WHERE} ORDER BY id LIMIT ?)
            RETURNING *`,
      args: [owner, now + leaseMs, now, now, now, limit],
    });
    return (rs.rows as unknown as Row[]).map(fromRow).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async listStale(checkedBefore: number, limit: number): Promise<GrantRecord[]> {
    const rs = await this.db.execute({
      sql: `SELECT * FROM grants WHERE status IN (${LIVE_SQL}) AND external_id IS NOT NULL AND COALESCE(checked_at, 0) < ?
            ORDER BY COALESCE(checked_at, 0), id LIMIT ?`,
      args: [checkedBefore, limit],
    });
    return (rs.rows as unknown as Row[]).map(fromRow);
  }

  async appendEvent(event: GrantEvent): Promise<void> {
    await this.db.execute({
      sql: 'INSERT INTO grant_events (id, grant_id, at, data) VALUES (?, ?, ?, ?)',
      args: [event.id, event.grantId, event.at, JSON.stringify(event)],
    });
  }

  async history(grantId: string): Promise<GrantEvent[]> {
    const rs = await this.db.execute({ sql: 'SELECT data FROM grant_events WHERE grant_id = ? ORDER BY seq', args: [grantId] });
    return rs.rows.map((r) => JSON.parse(String(r.data)) as GrantEvent);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private async one(sql: string, args: InArgs): Promise<GrantRecord | null> {
    const rs = await this.db.execute({ sql, args });
    const row = rs.rows[0] as unknown as Row | undefined;
    return row ? fromRow(row) : null;
  }
}

/** Columns besides `data`: what queries filter on and what claims change without rewriting JSON. */
const COLUMNS = [
  'id', 'provider', 'external_id', 'status', 'idempotency_key', 'user_id', 'user_identity_id', 'starts_at_ms', 'ends_at_ms',
  'pending_op', 'lease_owner', 'lease_until', 'version', 'checked_at', 'data',
] as const;

function columnValues(r: GrantRecord): Array<string | number | null> {
  const keys = subjectKeys(r);
  // Lease, version and check time live in their columns only, so a claim never has to rewrite data.
  const { leaseOwner, leaseUntil, version, checkedAt, ...data } = r;
  return [
    r.id, r.provider, r.externalId, r.status, r.idempotencyKey, keys.userId, keys.userIdentityId,
    r.window.startsAt ? Date.parse(r.window.startsAt) : null, r.window.endsAt ? Date.parse(r.window.endsAt) : null,
    r.pendingOp, leaseOwner, leaseUntil, version, checkedAt, JSON.stringify(data),
  ];
}

function fromRow(row: Row): GrantRecord {
  const data = JSON.parse(String(row.data)) as Omit<GrantRecord, 'leaseOwner' | 'leaseUntil' | 'version' | 'checkedAt'>;
  return {
    ...data,
    leaseOwner: (row.lease_owner as string | null) ?? null,
    leaseUntil: row.lease_until === null ? null : Number(row.lease_until),
    version: Number(row.version),
    checkedAt: row.checked_at === null ? null : Number(row.checked_at),
  };
}
