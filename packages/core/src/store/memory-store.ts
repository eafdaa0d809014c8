import type { GrantEvent } from '../domain/grant.js';
import { LIVE_STATUSES } from '../domain/status.js';
import { ConflictError } from '../errors.js';
import { isDue, subjectKeys } from './due.js';
import type { ClaimOptions, GrantRecord, GrantStore, StoreQuery } from './types.js';

/**
 * The default store: everything in process memory, lost on restart. Fine for tests and for grants
 * that need no durability; use SqliteGrantStore (`@grantkit/core/sqlite`) for anything that must
 * survive a restart. Records are copied in and out so callers never share mutable state with it.
 */
export class MemoryGrantStore implements GrantStore {
  private readonly records = new Map<string, GrantRecord>();
  private readonly byKey = new Map<string, string>();
  private readonly events = new Map<string, GrantEvent[]>();

  async insert(record: GrantRecord): Promise<{ record: GrantRecord; inserted: boolean }> {
    const existingId = this.byKey.get(record.idempotencyKey);
    if (existingId) return { record: copy(this.records.get(existingId)!), inserted: false };
    if (this.records.has(record.id)) throw new ConflictError(`A grant with id ${record.id} already exists.`);
    this.records.set(record.id, copy(record));
    this.byKey.set(record.idempotencyKey, record.id);
    return { record: copy(record), inserted: true };
  }

  async get(id: string): Promise<GrantRecord | null> {
    const r = this.records.get(id);
    return r ? copy(r) : null;
  }

  async getByIdempotencyKey(key: string): Promise<GrantRecord | null> {
    const id = this.byKey.get(key);
    return id ? this.get(id) : null;
  }

  async update(record: GrantRecord): Promise<GrantRecord> {
    const current = this.records.get(record.id);
    if (!current) throw new ConflictError(`Grant ${record.id} does not exist in the store.`);
    if (current.version !== record.version) {
      throw new ConflictError(`Grant ${record.id} was changed concurrently (version ${current.version}, expected ${record.version}).`);
    }
    const next = copy({ ...record, version: record.version + 1 });
    this.records.set(record.id, next);
    return copy(next);
  }

  async list(query: StoreQuery): Promise<{ items: GrantRecord[]; nextAfter: string | null }> {
    const ids = [...this.records.keys()].sort();
    const items: GrantRecord[] = [];
    for (const id of ids) {
      if (query.after !== undefined && id <= query.after) continue;
      const r = this.records.get(id)!;
      if (!matches(r, query)) continue;
      if (items.length === query.limit) return { items, nextAfter: items[items.length - 1]!.id };
      items.push(copy(r));
    }
    return { items, nextAfter: null };
  }

  async claimDue(now: number, { owner, leaseMs, limit }: ClaimOptions): Promise<GrantRecord[]> {
    const claimed: GrantRecord[] = [];
    for (const id of [...this.records.keys()].sort()) {
      if (claimed.length >= limit) break;
      const r = this.records.get(id)!;
      if (!isDue(r, now)) continue;
      const leased = { ...r, leaseOwner: owner, leaseUntil: now + leaseMs, version: r.version + 1 };
      this.records.set(id, leased);
      claimed.push(copy(leased));
    }
    return claimed;
  }

  async listStale(checkedBefore: number, limit: number): Promise<GrantRecord[]> {
    return [...this.records.values()]
      .filter((r) => LIVE_STATUSES.includes(r.status) && r.externalId !== null && (r.checkedAt ?? 0) < checkedBefore)
      .sort((a, b) => (a.checkedAt ?? 0) - (b.checkedAt ?? 0) || (a.id < b.id ? -1 : 1))
      .slice(0, limit)
      .map(copy);
  }

  async appendEvent(event: GrantEvent): Promise<void> {
    const list = this.events.get(event.grantId) ?? [];
    list.push({ ...event });
    this.events.set(event.grantId, list);
  }

  async history(grantId: string): Promise<GrantEvent[]> {
    return (this.events.get(grantId) ?? []).map((e) => ({ ...e }));
  }

  async close(): Promise<void> {}
}

function matches(r: GrantRecord, q: StoreQuery): boolean {
  if (q.provider && r.provider !== q.provider) return false;
  if (q.statuses && !q.statuses.includes(r.status)) return false;
  if (q.externalId && r.externalId !== q.externalId) return false;
  const keys = subjectKeys(r);
  if (q.userId && keys.userId !== q.userId) return false;
  if (q.userIdentityId && keys.userIdentityId !== q.userIdentityId) return false;
  return true;
}

function copy<T>(value: T): T {
  return structuredClone(value);
}
