import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GrantStore } from '../../src/store/types.js';
import { access, event, record } from './records.js';

/**
 * The one conformance suite every GrantStore must pass. `open` returns a fresh, empty store;
 * `reopen` (optional) opens a second handle on the same data, for durability and two-writer cases.
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

    it('commits a unit: grants, accesses and events read back as written', async () => {
      const a = access({ details: { nested: { a: [1, 2] } } });
      const g = record({ accessId: a.id, details: { x: 1 } });
      await store.transact(async (tx) => {
        tx.putAccess(a);
        tx.putGrant(g);
        tx.appendEvent(event(g.id, 'requested'));
      });
      expect(await store.getGrant(g.id)).toEqual(g);
      expect(await store.getAccess(a.id)).toEqual(a);
      expect((await store.history(g.id)).map((e) => e.action)).toEqual(['requested']);
      expect(await store.getGrant('gr_missing')).toBeNull();
      expect(await store.getAccess('ac_missing')).toBeNull();
    });

    it('lets a unit read its own writes, by id, by idempotency key and by access key', async () => {
      const a = access();
      const g = record({ accessId: a.id });
      const seen = await store.transact(async (tx) => {
        tx.putAccess(a);
        tx.putGrant(g);
        return {
          grant: await tx.getGrant(g.id),
          byKey: await tx.getGrantByIdempotencyKey(g.idempotencyKey),
          access: await tx.getAccess(a.id),
          byAccessKey: await tx.getAccessByKey(a.key),
          open: await tx.openGrantsOf(a.id),
        };
      });
      expect(seen.grant).toEqual(g);
      expect(seen.byKey).toEqual(g);
      expect(seen.access).toEqual(a);
      expect(seen.byAccessKey).toEqual(a);
      expect(seen.open).toEqual([g]);
    });

    it('discards everything a unit wrote when it throws, and rethrows', async () => {
      const a = access();
      const g = record({ accessId: a.id });
      await expect(
        store.transact(async (tx) => {
          tx.putAccess(a);
          tx.putGrant(g);
          tx.appendEvent(event(g.id, 'requested'));
          await tx.getGrant(g.id);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.getGrant(g.id)).toBeNull();
      expect(await store.getAccess(a.id)).toBeNull();
      expect(await store.history(g.id)).toEqual([]);
      // A failing unit does not take its neighbours down with it.
      const other = record();
      await Promise.all([
        store.transact(async (tx) => tx.putGrant(other)),
        store.transact(async () => {
          throw new Error('alone');
        }).catch(() => undefined),
      ]);
      expect(await store.getGrant(other.id)).not.toBeNull();
    });

    it('isolates units: 60 concurrent read-modify-writes of one access lose no update', async () => {
      const a = access();
      await store.transact(async (tx) => tx.putAccess(a));
      await Promise.all(
        Array.from({ length: 60 }, () =>
          store.transact(async (tx) => {
            const current = (await tx.getAccess(a.id))!;
            await Promise.resolve();
            tx.putAccess({ ...current, attempts: current.attempts + 1, version: current.version + 1 });
          }),
        ),
      );
      expect((await store.getAccess(a.id))!.attempts).toBe(60);
    });

    it('lists open grants of an access oldest first, without revoked or expired ones', async () => {
      const a = access();
      const live = record({ accessId: a.id, status: 'active' });
      const pending = record({ accessId: a.id, status: 'pending', pendingOp: 'create' });
      const gone = record({ accessId: a.id, status: 'revoked' });
      const ended = record({ accessId: a.id, status: 'expired' });
      const elsewhere = record({ accessId: 'ac_other' });
      await store.transact(async (tx) => {
        tx.putAccess(a);
        for (const g of [live, pending, gone, ended, elsewhere]) tx.putGrant(g);
      });
      const open = await store.transact((tx) => tx.openGrantsOf(a.id));
      expect(open.map((g) => g.id)).toEqual([live.id, pending.id]);
    });

    it('replaces a record on a second put (by id)', async () => {
      const g = record();
      await store.transact(async (tx) => tx.putGrant(g));
      await store.transact(async (tx) => tx.putGrant({ ...g, status: 'revoked', version: 1 }));
      expect(await store.getGrant(g.id)).toMatchObject({ status: 'revoked', version: 1 });
      expect((await store.list({ limit: 10 })).items).toHaveLength(1);
    });

    it('lists in creation order with filters and paging', async () => {
      const made = [];
      for (let i = 0; i < 7; i++) {
        const r = record({
          provider: i % 2 ? 'seam' : 'zitadel',
          status: i === 3 ? 'revoked' : 'active',
          externalId: `ext-${i}`,
          personId: i < 2 ? 'person-1' : undefined,
          accessId: i === 6 ? 'ac_six' : 'ac_default',
        });
        await store.transact(async (tx) => tx.putGrant(r));
        made.push(r);
      }
      const page1 = await store.list({ limit: 3 });
      expect(page1.items.map((r) => r.id)).toEqual(made.slice(0, 3).map((r) => r.id));
      const page2 = await store.list({ limit: 3, after: page1.nextAfter! });
      const page3 = await store.list({ limit: 3, after: page2.nextAfter! });
      expect([...page1.items, ...page2.items, ...page3.items].map((r) => r.id)).toEqual(made.map((r) => r.id));
      expect(page3.nextAfter).toBeNull();
      expect((await store.list({ limit: 50, provider: 'seam' })).items).toHaveLength(3);
      expect((await store.list({ limit: 50, statuses: ['revoked'] })).items.map((r) => r.id)).toEqual([made[3]!.id]);
      expect((await store.list({ limit: 50, externalId: 'ext-5' })).items).toHaveLength(1);
      expect((await store.list({ limit: 50, personId: 'person-1' })).items.map((r) => r.id)).toEqual([made[0]!.id, made[1]!.id]);
      expect((await store.list({ limit: 50, accessId: 'ac_six' })).items.map((r) => r.id)).toEqual([made[6]!.id]);
      const user = made[0]!.subject.userId as string;
      const byUser = (await store.list({ limit: 50, userId: user })).items;
      expect(byUser.length).toBeGreaterThan(0);
      expect(byUser.every((r) => r.subject.userId === user)).toBe(true);
    });

    it('finds due grants by their start or end, earliest first, and nothing else', async () => {
      const now = Date.parse('2030-01-01T00:00:00Z');
      const at = (ms: number) => new Date(now + ms).toISOString();
      const dueStart = record({ status: 'scheduled', window: { startsAt: at(-2000), endsAt: null } });
      const notYet = record({ status: 'scheduled', window: { startsAt: at(60_000), endsAt: null } });
      const dueEnd = record({ status: 'active', window: { startsAt: null, endsAt: at(-1000) } });
      const duePending = record({ status: 'pending', pendingOp: 'create', window: { startsAt: null, endsAt: at(-500) } });
      const endedRevoked = record({ status: 'revoked', window: { startsAt: null, endsAt: at(-3000) } });
      const leaving = record({ status: 'active', pendingOp: 'expire', window: { startsAt: null, endsAt: at(-3000) } });
      const failed = record({ status: 'failed', window: { startsAt: null, endsAt: at(-3000) } });
      await store.transact(async (tx) => {
        for (const r of [dueStart, notYet, dueEnd, duePending, endedRevoked, leaving, failed]) tx.putGrant(r);
      });
      expect((await store.dueGrants(now, 10)).map((r) => r.id)).toEqual([dueStart.id, dueEnd.id, duePending.id]);
      expect((await store.dueGrants(now, 2)).map((r) => r.id)).toEqual([dueStart.id, dueEnd.id]);
      expect((await store.dueGrants(now + 60_000, 10)).map((r) => r.id)).toContain(notYet.id);
      // Handled (no longer due): it drops out.
      await store.transact(async (tx) => tx.putGrant({ ...dueEnd, pendingOp: 'expire', version: 1 }));
      expect((await store.dueGrants(now, 10)).map((r) => r.id)).toEqual([dueStart.id, duePending.id]);
      expect(await store.nextDueAt()).toBe(now - 2000);
    });

    it('finds accesses owed work and accesses due a drift check', async () => {
      const now = Date.parse('2030-01-01T00:00:00Z');
      const owed = access({ dueAt: now - 10 });
      const later = access({ dueAt: now + 10_000 });
      const idle = access();
      const stale = access({ state: 'held', externalId: 'x1', checkAt: now - 100 });
      const staler = access({ state: 'held', externalId: 'x2', checkAt: now - 200 });
      const fresh = access({ state: 'held', externalId: 'x3', checkAt: now + 100 });
      const gone = access({ state: 'absent', checkAt: now - 300 });
      await store.transact(async (tx) => {
        for (const a of [owed, later, idle, stale, staler, fresh, gone]) tx.putAccess(a);
      });
      expect((await store.dueAccesses(now, 10)).map((a) => a.id)).toEqual([owed.id]);
      expect((await store.dueAccesses(now + 10_000, 10)).map((a) => a.id)).toEqual([owed.id, later.id]);
      expect((await store.staleAccesses(now, 10)).map((a) => a.id)).toEqual([staler.id, stale.id]);
      expect((await store.staleAccesses(now, 1)).map((a) => a.id)).toEqual([staler.id]);
      expect(await store.nextDueAt()).toBe(now - 10);
      await store.transact(async (tx) => tx.putAccess({ ...owed, dueAt: null, version: 1 }));
      expect(await store.dueAccesses(now, 10)).toEqual([]);
      expect(await store.nextDueAt()).toBe(now + 10_000);
    });

    it('keeps one event log in commit order, readable after a position', async () => {
      const g1 = record();
      const g2 = record();
      await store.transact(async (tx) => {
        tx.putGrant(g1);
        tx.appendEvent(event(g1.id, 'requested', 1));
      });
      await store.transact(async (tx) => {
        tx.putGrant(g2);
        tx.appendEvent(event(g2.id, 'requested', 2));
        tx.appendEvent(event(g1.id, 'created', 3));
      });
      const log = await store.events({ limit: 10 });
      expect(log.map((e) => e.actor)).toEqual(['actor-1', 'actor-2', 'actor-3']);
      expect(log.every((e, i) => i === 0 || e.seq > log[i - 1]!.seq)).toBe(true);
      expect((await store.events({ afterSeq: log[0]!.seq, limit: 10 })).map((e) => e.actor)).toEqual(['actor-2', 'actor-3']);
      expect((await store.events({ afterSeq: log[0]!.seq, limit: 1 })).map((e) => e.actor)).toEqual(['actor-2']);
      expect((await store.history(g1.id)).map((e) => e.action)).toEqual(['requested', 'created']);
    });

    if (reopen) {
      it('a second handle sees the same data, and concurrent units on both lose no update', async () => {
        const a = access();
        await store.transact(async (tx) => tx.putAccess(a));
        const other = await reopen();
        extra.push(other);
        expect((await other.getAccess(a.id))?.key).toBe(a.key);
        const bump = (s: GrantStore) =>
          s.transact(async (tx) => {
            const current = (await tx.getAccess(a.id))!;
            tx.putAccess({ ...current, attempts: current.attempts + 1, version: current.version + 1 });
          });
        await Promise.all(Array.from({ length: 40 }, (_, i) => bump(i % 2 ? store : other)));
        expect((await store.getAccess(a.id))!.attempts).toBe(40);
      });
    }
  });
}
