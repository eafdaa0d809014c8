import { ATOMICWORK_SEED_IDS as IDS, defaultAtomicworkSeed } from '@grantkit/testing';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/index.js';
import { harness } from './helpers.js';

const { users, entitlements, apps } = IDS;

describe('AtomicworkClient pagination', () => {
  it('walks grants to the end with next_page_token, every item once', async () => {
    const { client, fake } = await harness();
    const created: string[] = [];
    for (let i = 0; i < 53; i++) {
      created.push(fake.state.createGrant({ userId: users.ada, entitlementId: entitlements.githubEngineering }).grant.id);
    }
    fake.state.createGrant({ userId: users.grace, entitlementId: entitlements.githubEngineering });
    const seen: string[] = [];
    for await (const grant of client.listGrants({ userIds: [users.ada], perPage: 10, sortOrder: 'CREATED_AT_ASC' })) seen.push(grant.id);
    expect(seen).toEqual(created);
    const listCalls = fake.state.requests.filter((r) => r.path === '/api/v1/iga/grants/list');
    expect(listCalls).toHaveLength(6);
  });

  it('pages one at a time with opaque cursors and caps toArray', async () => {
    const { client, fake } = await harness();
    for (let i = 0; i < 5; i++) fake.state.createGrant({ userId: users.alan, entitlementId: entitlements.salesforceUser });
    const paginator = client.listGrants({ perPage: 2, sortOrder: 'CREATED_AT_ASC' });
    const first = await paginator.firstPage();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = await paginator.page(first.nextCursor);
    expect(second.items.map((g) => g.id)).not.toContain(first.items[0]?.id);
    const third = await paginator.page(second.nextCursor);
    expect(third.items).toHaveLength(1);
    expect(third.nextCursor).toBeNull();
    expect(await client.listGrants({ perPage: 2 }).toArray({ limit: 3 })).toHaveLength(3);
    await expect(paginator.page('not-a-cursor!')).rejects.toBeInstanceOf(ValidationError);
  });

  it('walks page-numbered lists (apps, entitlements, history) to the end', async () => {
    const seed = defaultAtomicworkSeed();
    const extraApps = Array.from({ length: 30 }, (_, i) => ({ id: String(9000 + i), name: `App ${i}`, description: '', provider: 'MANUAL' }));
    const { client, fake } = await harness({ seed: { apps: [...seed.apps, ...extraApps] } });
    const all = await client.listApps({ perPage: 7 }).toArray({ limit: 1000 });
    expect(all).toHaveLength(33);
    expect(new Set(all.map((a) => a.id)).size).toBe(33);

    const ents = await client.listEntitlements({ perPage: 2 }).toArray({ limit: 100 });
    expect(ents).toHaveLength(seed.entitlements.length);

    const { grant } = await client.createGrant({ userId: users.ada, entitlementId: entitlements.githubEngineering });
    for (let i = 0; i < 6; i++) await client.updateGrant(grant.id, { status: i % 2 === 0 ? 'EXTENDED' : 'GRANTED' });
    const events = await client.grantHistory(grant.id, { perPage: 3, sortOrder: 'CREATED_AT_ASC' }).toArray({ limit: 100 });
    expect(events.map((e) => e.event_type)).toEqual(['GRANTED', 'EXTENDED', 'GRANTED', 'EXTENDED', 'GRANTED', 'EXTENDED', 'GRANTED']);
    expect(fake.state.history.filter((h) => h.grantId === grant.id)).toHaveLength(7);
  });

  it('an empty list is one page with no cursor', async () => {
    const { client } = await harness();
    expect(await client.listGrants({ appIds: [apps.slack] }).firstPage()).toEqual({ items: [], nextCursor: null });
  });
});

describe('AtomicworkClient int64 ids', () => {
  it('keeps ids above 2^53 exact in requests, responses, filters and paths', async () => {
    const { client, fake } = await harness({ bigIds: true });
    const { grant } = await client.createGrant({ userId: users.bigId, entitlementId: entitlements.githubBigId });
    expect(BigInt(grant.id) > 2n ** 53n).toBe(true);
    expect(grant.user?.id).toBe('9007199254740993');
    expect(grant.entitlement?.id).toBe('9007199254740995');
    // The fake stored exactly what was sent (a double would have made it ...992 / ...996).
    expect(fake.state.grantsFor('9007199254740993', '9007199254740995')).toHaveLength(1);
    // Neighbours that a rounded id would collide with.
    expect(fake.state.grantsFor('9007199254740992', '9007199254740996')).toHaveLength(0);
    expect((await client.getGrant(grant.id)).id).toBe(grant.id);
    const found = await client.findActiveGrant({ userId: users.bigId, entitlementId: entitlements.githubBigId });
    expect(found?.id).toBe(grant.id);
    const revoked = await client.revokeGrant(grant.id, { deprovision: true });
    expect(BigInt(revoked.revocationStatus?.schedule_id ?? '0') > 2n ** 53n).toBe(true);
    const [event] = await client.grantHistory(grant.id).toArray({ limit: 1 });
    expect(event?.grant_id).toBe(grant.id);
    expect(BigInt(event?.id ?? '0') > 2n ** 53n).toBe(true);
  });

  it('a grant id one above a real one is not confused with it', async () => {
    const { client } = await harness({ bigIds: true });
    const { grant } = await client.createGrant({ userId: users.ada, entitlementId: entitlements.githubAdmins });
    const neighbour = (BigInt(grant.id) + 1n).toString();
    await expect(client.getGrant(neighbour)).rejects.toThrow(/not found/);
  });
});
