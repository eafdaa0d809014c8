import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/errors.js';
import type { GrantStore } from '../../src/store/types.js';
import { record } from './records.js';

/**
 * The one conformance suite every GrantStore must pass. `open` returns a fresh, empty store;
 * `reopen` (optional) opens a second handle on the same data, for durability and two-process cases.
 */
export function grantStoreConformance(name: string, open: () => Promise<GrantStore>, reopen?: () => Promise<GrantStore>): void {
  describe(`GrantStore conformance: ${name}`, () => {
    let store: GrantStore;
    const extra: GrantStore[] = [];
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
      while (extra.length) await extra.pop()!.close();
    });

    it('inserts and reads back by id and by idempotency key', async () => {
      const r = record({ details: { nested: { a: [1, 2] } } });
      expect((await store.insert(r)).inserted).toBe(true);
      expect(await store.get(r.id)).toEqual(r);
      expect(await store.getByIdempotencyKey(r.idempotencyKey)).toEqual(r);
      expect(await store.get('gr_missing')).toBeNull();
    });

    it('returns the existing record for a second insert with the same idempotency key', async () => {
      const first = record();
      await store.insert(first);
      const second = record({ idempotencyKey: first.idempotencyKey });
      const result = await store.insert(second);
      expect(result.inserted).toBe(false);
      expect(result.record.id).toBe(first.id);
      expect(await store.get(second.id)).toBeNull();
    });

    it('updates with optimistic concurrency', async () => {
      const r = record();
      await store.insert(r);
      const updated = await store.update({ ...r, status: 'revoked' });
      expect(updated.version).toBe(1);
      expect((await store.get(r.id))!.status).toBe('revoked');
      await expect(store.update({ ...r, status: 'expired' })).rejects.toBeInstanceOf(ConflictError);
      expect((await store.get(r.id))!.status).toBe('revoked');
    });

    it('lists in creation order with filters and paging', async () => {
      const made = [];
      for (let i = 0; i < 7; i++) {
        const r = record({ provider: i % 2 ? 'seam' : 'zitadel', status: i === 3 ? 'revoked' : 'active', externalId: `ext-${i}` });
        await store.insert(r);
        made.push(r);
      }
      const page1 = await store.list({ limit: 3 });
      expect(page1.items.map((r) => r.id)).toEqual(made.slice(0, 3).map((r) => r.id));
      const page2 = await store.list({ limit: 3, after: page1.nextAfter! });
      const page3 = await store.list({ limit: 3, after: page2.nextAfter! });
      expect([...page1.items, ...page2.items, ...page3.items]).toHaveLength(7);
      expect(page3.nextAfter).toBeNull();
      expect((await store.list({ limit: 50, provider: 'seam' })).items).toHaveLength(3);
      expect((await store.list({ limit: 50, statuses: ['revoked'] })).items.map((r) => r.id)).toEqual([made[3]!.id]);
      expect((await store.list({ limit: 50, externalId: 'ext-5' })).items).toHaveLength(1);
      const user = made[0]!.subject.userId as string;
      expect((await store.list({ limit: 50, userId: user })).items.every((r) => r.subject.userId === user)).toBe(true);
    });

    it('claims exactly the due records and leases them', async () => {
      const now = Date.parse('2030-01-01T00:00:00Z');
      const past = new Date(now - 1000).toISOString();
      const future = new Date(now + 60_000).toISOString();
      const dueStart = record({ status: 'scheduled', window: { startsAt: past, endsAt: null } });
      const notYet = record({ status: 'scheduled', window: { startsAt: future, endsAt: null } });
      const dueEnd = record({ status: 'active', window: { startsAt: null, endsAt: past } });
      const endedRevoked = record({ status: 'revoked', window: { startsAt: null, endsAt: past } });
      const crashed = record({ status: 'pending', pendingOp: 'create', leaseOwner: 'dead', leaseUntil: now - 1 });
      const leased = record({ status: 'pending', pendingOp: 'create', leaseOwner: 'alive', leaseUntil: now + 10_000 });
      for (const r of [dueStart, notYet, dueEnd, endedRevoked, crashed, leased]) await store.insert(r);
      const claimed = await store.claimDue(now, { owner: 'me', leaseMs: 5000, limit: 10 });
      expect(claimed.map((r) => r.id).sort()).toEqual([dueStart.id, dueEnd.id, crashed.id].sort());
      expect(claimed.every((r) => r.leaseOwner === 'me' && r.leaseUntil === now + 5000)).toBe(true);
      // Leased now: a second sweeper gets nothing until the lease runs out.
      expect(await store.claimDue(now, { owner: 'other', leaseMs: 5000, limit: 10 })).toHaveLength(0);
      expect(await store.claimDue(now + 6000, { owner: 'other', leaseMs: 5000, limit: 10 })).toHaveLength(3);
    });

    it('a claim bumps the version, so a writer holding the old version conflicts', async () => {
      const r = record({ status: 'scheduled', window: { startsAt: new Date(0).toISOString(), endsAt: null } });
      await store.insert(r);
      const [claimed] = await store.claimDue(Date.now(), { owner: 'a', leaseMs: 1000, limit: 1 });
      expect(claimed!.version).toBe(1);
      await expect(store.update(r)).rejects.toBeInstanceOf(ConflictError);
    });

    it('respects the claim limit', async () => {
      for (let i = 0; i < 5; i++) await store.insert(record({ pendingOp: 'revoke' }));
      expect(await store.claimDue(Date.now(), { owner: 'a', leaseMs: 1000, limit: 2 })).toHaveLength(2);
    });

    it('lists live records least recently checked first', async () => {
      const a = record({ externalId: 'a', checkedAt: 300 });
      const b = record({ externalId: 'b', checkedAt: null });
      const c = record({ externalId: 'c', checkedAt: 100 });
      const gone = record({ externalId: 'd', status: 'revoked' });
      const notCreated = record({ externalId: null, status: 'pending' });
      for (const r of [a, b, c, gone, notCreated]) await store.insert(r);
      expect((await store.listStale(250, 10)).map((r) => r.externalId)).toEqual(['b', 'c']);
    });

    it('appends and returns history in order', async () => {
      const r = record();
      await store.insert(r);
      for (const action of ['requested', 'created', 'revoked'] as const) {
        await store.appendEvent({ id: `ev_${action}_${r.id}`, grantId: r.id, at: new Date().toISOString(), actor: 'alice', action, outcome: 'success', status: 'active' });
      }
      expect((await store.history(r.id)).map((e) => e.action)).toEqual(['requested', 'created', 'revoked']);
      expect(await store.history('gr_other')).toEqual([]);
    });

    if (reopen) {
      it('a second handle sees the same data and cannot claim what the first holds', async () => {
        const r = record({ pendingOp: 'create', status: 'pending' });
        await store.insert(r);
        const other = await reopen();
        extra.push(other);
        expect((await other.get(r.id))?.idempotencyKey).toBe(r.idempotencyKey);
        const now = Date.now();
        const [mine, theirs] = await Promise.all([
          store.claimDue(now, { owner: 'one', leaseMs: 10_000, limit: 10 }),
          other.claimDue(now, { owner: 'two', leaseMs: 10_000, limit: 10 }),
        ]);
        expect(mine.length + theirs.length).toBe(1);
      });
    }
  });
}
