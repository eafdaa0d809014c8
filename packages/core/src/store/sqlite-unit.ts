/**
 * One unit's view of the open SQLite write transaction. Writes are buffered (the last put of each
 * record wins) and flushed before the next read, so a unit reads its own writes, and at the end.
 */
import type { GrantEvent } from '../domain/grant.js';
import type { Statements } from './sqlite-db.js';
import { accessByKey, accessById, grantById, grantByIdempotencyKey, openGrantsOf } from './sqlite-queries.js';
import { accessRowValues, grantRowValues, INSERT_EVENT, UPSERT_ACCESS, UPSERT_GRANT } from './sqlite-rows.js';
import type { AccessRecord, GrantRecord, StoreTransaction } from './types.js';

export class UnitScope implements StoreTransaction {
  private grants = new Map<string, GrantRecord>();
  private accesses = new Map<string, AccessRecord>();
  private events: GrantEvent[] = [];

  constructor(private readonly st: Statements) {}

  flush(): void {
    for (const g of this.grants.values()) this.st.run(UPSERT_GRANT, grantRowValues(g));
    for (const a of this.accesses.values()) this.st.run(UPSERT_ACCESS, accessRowValues(a));
    for (const e of this.events) this.st.run(INSERT_EVENT, [e.id, e.grantId, e.at, JSON.stringify(e)]);
    this.grants = new Map();
    this.accesses = new Map();
    this.events = [];
  }

  /** Reads see this unit's writes: flush them first. */
  private read<T>(query: (st: Statements) => T): Promise<T> {
    this.flush();
    return Promise.resolve(query(this.st));
  }

  getGrant(id: string): Promise<GrantRecord | null> {
    return this.read((st) => grantById(st, id));
  }

  getGrantByIdempotencyKey(key: string): Promise<GrantRecord | null> {
    return this.read((st) => grantByIdempotencyKey(st, key));
  }

  getAccess(id: string): Promise<AccessRecord | null> {
    return this.read((st) => accessById(st, id));
  }

  getAccessByKey(key: string): Promise<AccessRecord | null> {
    return this.read((st) => accessByKey(st, key));
  }

  openGrantsOf(accessId: string): Promise<GrantRecord[]> {
    return this.read((st) => openGrantsOf(st, accessId));
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
