import type { GrantEvent } from '../domain/grant.js';
import { TERMINAL_STATUSES } from '../domain/status.js';
import { grantDueAt, subjectKeys } from './due.js';
import { earliest, takeDue, TimeHeap } from './heap.js';
import type { AccessRecord, GrantRecord, GrantStore, StoredEvent, StoreQuery, StoreTransaction } from './types.js';

/**
 * The default store: everything in process memory, lost on restart. Fine for tests and for grants
 * that need no durability; use SqliteGrantStore (`@grantkit/core/sqlite`) for anything that must
 * survive a restart or be shared by several processes. Records are copied in and out so callers
 * never share mutable state with it. Units of work run one at a time; a unit's writes are staged
 * and applied only when it returns.
 */
export class MemoryGrantStore implements GrantStore {
  private readonly grants = new Map<string, GrantRecord>();
  private readonly grantByKey = new Map<string, string>();
  private readonly grantsByAccess = new Map<string, Set<string>>();
  private readonly accesses = new Map<string, AccessRecord>();
  private readonly accessByKey = new Map<string, string>();
  private readonly log: StoredEvent[] = [];
  private readonly eventsByGrant = new Map<string, StoredEvent[]>();
  private readonly grantDue = new TimeHeap();
  private readonly accessDue = new TimeHeap();
  private readonly accessCheck = new TimeHeap();
  private seq = 0;
  private queue: Promise<unknown> = Promise.resolve();

  transact<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.runUnit(work));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runUnit<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const grants = new Map<string, GrantRecord>();
    const accesses = new Map<string, AccessRecord>();
    const events: GrantEvent[] = [];
    const tx: StoreTransaction = {
      getGrant: async (id) => copy(grants.get(id) ?? this.grants.get(id) ?? null),
      getGrantByIdempotencyKey: async (key) => {
        for (const g of grants.values()) if (g.idempotencyKey === key) return copy(g);
        const id = this.grantByKey.get(key);
        return id ? copy(this.grants.get(id)!) : null;
      },
      getAccess: async (id) => copy(accesses.get(id) ?? this.accesses.get(id) ?? null),
      getAccessByKey: async (key) => {
        for (const a of accesses.values()) if (a.key === key) return copy(a);
        const id = this.accessByKey.get(key);
        return id ? copy(this.accesses.get(id)!) : null;
      },
      openGrantsOf: async (accessId) => {
        const ids = new Set(this.grantsByAccess.get(accessId) ?? []);
        for (const g of grants.values()) if (g.accessId === accessId) ids.add(g.id);
        return [...ids]
          .sort()
          .map((id) => grants.get(id) ?? this.grants.get(id)!)
          .filter((g) => !TERMINAL_STATUSES.includes(g.status))
          .map((g) => copy(g));
      },
      putGrant: (record) => void grants.set(record.id, copy(record)),
      putAccess: (record) => void accesses.set(record.id, copy(record)),
      appendEvent: (event) => void events.push({ ...event }),
    };
    const result = await work(tx);
    for (const g of grants.values()) this.applyGrant(g);
    for (const a of accesses.values()) this.applyAccess(a);
    for (const e of events) this.applyEvent(e);
    return result;
  }

  private applyGrant(record: GrantRecord): void {
    const before = this.grants.get(record.id);
    this.grants.set(record.id, record);
    this.grantByKey.set(record.idempotencyKey, record.id);
    let ids = this.grantsByAccess.get(record.accessId);
    if (!ids) this.grantsByAccess.set(record.accessId, (ids = new Set()));
    ids.add(record.id);
    const due = grantDueAt(record);
    if (due !== null && (!before || grantDueAt(before) !== due)) this.grantDue.push(due, record.id);
  }

  private applyAccess(record: AccessRecord): void {
    const before = this.accesses.get(record.id);
    this.accesses.set(record.id, record);
    this.accessByKey.set(record.key, record.id);
    if (record.dueAt !== null && before?.dueAt !== record.dueAt) this.accessDue.push(record.dueAt, record.id);
    if (record.checkAt !== null && before?.checkAt !== record.checkAt) this.accessCheck.push(record.checkAt, record.id);
  }

  private applyEvent(event: GrantEvent): void {
    const stored = { ...event, seq: ++this.seq };
    this.log.push(stored);
    let list = this.eventsByGrant.get(event.grantId);
    if (!list) this.eventsByGrant.set(event.grantId, (list = []));
    list.push(stored);
  }

  async getGrant(id: string): Promise<GrantRecord | null> {
    return copy(this.grants.get(id) ?? null);
  }

  async getAccess(id: string): Promise<AccessRecord | null> {
    return copy(this.accesses.get(id) ?? null);
  }

  async list(query: StoreQuery): Promise<{ items: GrantRecord[]; nextAfter: string | null }> {
    const ids = [...(query.accessId ? (this.grantsByAccess.get(query.accessId) ?? []) : this.grants.keys())].sort();
    const items: GrantRecord[] = [];
    for (const id of ids) {
      if (query.after !== undefined && id <= query.after) continue;
      const r = this.grants.get(id)!;
      if (!matches(r, query)) continue;
      if (items.length === query.limit) return { items, nextAfter: items[items.length - 1]!.id };
      items.push(copy(r));
    }
    return { items, nextAfter: null };
  }

  async dueGrants(now: number, limit: number): Promise<GrantRecord[]> {
    const ids = takeDue(this.grantDue, now, limit, (id) => grantDueAt(this.grants.get(id)!));
    return ids.map((id) => copy(this.grants.get(id)!));
  }

  async dueAccesses(now: number, limit: number): Promise<AccessRecord[]> {
    const ids = takeDue(this.accessDue, now, limit, (id) => this.accesses.get(id)!.dueAt);
    return ids.map((id) => copy(this.accesses.get(id)!));
  }

  async nextDueAt(): Promise<number | null> {
    const g = earliest(this.grantDue, (id) => grantDueAt(this.grants.get(id)!));
    const a = earliest(this.accessDue, (id) => this.accesses.get(id)!.dueAt);
    if (g === null) return a;
    return a === null ? g : Math.min(g, a);
  }

  async staleAccesses(now: number, limit: number): Promise<AccessRecord[]> {
    const ids = takeDue(this.accessCheck, now, limit, (id) => {
      const a = this.accesses.get(id)!;
      return a.state === 'absent' ? null : a.checkAt;
    });
    return ids.map((id) => copy(this.accesses.get(id)!));
  }

  async history(grantId: string): Promise<GrantEvent[]> {
    return (this.eventsByGrant.get(grantId) ?? []).map(({ seq: _seq, ...e }) => ({ ...e }));
  }

  async events({ afterSeq = 0, limit }: { afterSeq?: number | undefined; limit: number }): Promise<StoredEvent[]> {
    // seq is the position in the log plus one: start right after afterSeq.
    return this.log.slice(afterSeq, afterSeq + limit).map((e) => ({ ...e }));
  }

  async close(): Promise<void> {}
}

function matches(r: GrantRecord, q: StoreQuery): boolean {
  if (q.provider && r.provider !== q.provider) return false;
  if (q.statuses && !q.statuses.includes(r.status)) return false;
  if (q.externalId && r.externalId !== q.externalId) return false;
  if (q.personId && r.personId !== q.personId) return false;
  if (q.accessId && r.accessId !== q.accessId) return false;
  const keys = subjectKeys(r);
  if (q.userId && keys.userId !== q.userId) return false;
  if (q.userIdentityId && keys.userIdentityId !== q.userIdentityId) return false;
  return true;
}

function copy<T>(value: T): T {
  return value === null ? value : structuredClone(value);
}
