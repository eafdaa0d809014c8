/**
 * One unit's view of the open SQLite transaction. Writes are buffered and flushed before the next
 * read (so a unit reads its own writes) and at the end: the last put of each record wins, and each
 * table gets one multi-row statement per flush, which keeps statements per unit low.
 */
import type { InStatement, Transaction } from '@libsql/client';
import type { GrantEvent } from '../domain/grant.js';
import { accessFromRow, accessRowValues, grantFromRow, grantRowValues, upsertStatements, type Row } from './sqlite-rows.js';
import type { AccessRecord, GrantRecord, StoreTransaction } from './types.js';

export class UnitScope implements StoreTransaction {
  private grants = new Map<string, GrantRecord>();
  private accesses = new Map<string, AccessRecord>();
  private events: GrantEvent[] = [];

  constructor(private readonly tx: Transaction) {}

  async flush(): Promise<void> {
    const statements: InStatement[] = [];
    if (this.grants.size) statements.push(...upsertStatements('grants', [...this.grants.values()].map(grantRowValues)));
    if (this.accesses.size) statements.push(...upsertStatements('accesses', [...this.accesses.values()].map(accessRowValues)));
    for (let i = 0; i < this.events.length; i += 500) {
      const chunk = this.events.slice(i, i + 500);
      statements.push({
        sql: `INSERT INTO grant_events (id, grant_id, at, data) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`,
        args: chunk.flatMap((e) => [e.id, e.grantId, e.at, JSON.stringify(e)]),
      });
    }
    if (statements.length === 0) return;
    this.grants = new Map();
    this.accesses = new Map();
    this.events = [];
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
    this.grants.set(record.id, record);
  }

  putAccess(record: AccessRecord): void {
    this.accesses.set(record.id, record);
  }

  appendEvent(event: GrantEvent): void {
    this.events.push(event);
  }
}
