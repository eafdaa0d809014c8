/**
 * One unit's view of the open SQLite transaction. Writes are buffered and flushed before the next
 * read (so a unit reads its own writes) and at the end: the last put of each record wins, and each
 * table gets one multi-row statement per flush, which keeps statements per unit low.
 */
import type { InStatement, Transaction } from '@libsql/client';
import type { GrantEvent } from '../domain/grant.js';
import { accessByKey, accessById, grantById, grantByIdempotencyKey, openGrantsOf, type Execute } from './sqlite-queries.js';
import { accessRowValues, grantRowValues, upsertStatements } from './sqlite-rows.js';
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

  /** Reads see this unit's writes: flush them first. */
  private readonly execute: Execute = async (statement) => {
    await this.flush();
    return this.tx.execute(statement);
  };

  getGrant(id: string): Promise<GrantRecord | null> {
    return grantById(this.execute, id);
  }

  getGrantByIdempotencyKey(key: string): Promise<GrantRecord | null> {
    return grantByIdempotencyKey(this.execute, key);
  }

  getAccess(id: string): Promise<AccessRecord | null> {
    return accessById(this.execute, id);
  }

  getAccessByKey(key: string): Promise<AccessRecord | null> {
    return accessByKey(this.execute, key);
  }

  openGrantsOf(accessId: string): Promise<GrantRecord[]> {
    return openGrantsOf(this.execute, accessId);
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
