/**
 * One access, many grants: the defects of wave 1 (issue 14), each reproduced against the real
 * fakes, on real SQLite files where a store matters.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ATOMICWORK_SEED_IDS, ZITADEL_SEED, startProviderFakes, type ProviderFakes } from '@grantkit/testing';
import { createGrantkit, type Grantkit, type GrantStore } from '../../src/index.js';
import { SqliteGrantStore } from '../../src/sqlite.js';
import { fastReliability } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'grantkit-access-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { users, entitlements } = ATOMICWORK_SEED_IDS;
const aw = (userId: string = users.ada, entitlementId: string = entitlements.githubEngineering) => ({
  provider: 'atomicwork' as const,
  subject: { userId },
  target: { entitlementId },
});
const zi = (roleKeys: string[], endsAt?: string) => ({
  provider: 'zitadel' as const,
  subject: { userId: ZITADEL_SEED.users.alice },
  target: { projectId: ZITADEL_SEED.projectId, roleKeys },
  ...(endsAt ? { window: { endsAt } } : {}),
});
const createsAt = (fakes: ProviderFakes) => fakes.atomicwork.received.filter((r) => r.method === 'POST' && /\/iga\/grants(\?|$)/.test(r.url)).length;

let fakes: ProviderFakes;
const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
  await fakes?.close();
});

let files = 0;
const paths = new WeakMap<GrantStore, string>();
const pathOf = (store: GrantStore) => paths.get(store)!;
async function setup(count: number, store: 'sqlite' | 'memory' = 'sqlite'): Promise<{ grantkits: Grantkit[]; stores: GrantStore[] }> {
  fakes = await startProviderFakes();
  const path = join(dir, `store-${++files}.db`);
  const grantkits: Grantkit[] = [];
  const stores: GrantStore[] = [];
  for (let i = 0; i < count; i++) {
    const s = store === 'sqlite' ? await SqliteGrantStore.open({ path }) : undefined;
    if (s) paths.set(s, path);
    const grantkit = createGrantkit({ providers: fakes.providerConfigs(fastReliability), store: s });
    if (s) stores.push(s);
    grantkits.push(grantkit);
    open.push(grantkit);
  }
  return { grantkits, stores };
}

describe('many grants on one access', () => {
  it('24 concurrent grants through two Grantkits on one SQLite file make exactly one grant at Atomicwork', async () => {
    const { grantkits } = await setup(2);
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => grantkits[i % 2]!.grant(aw(), { idempotencyKey: `k-${i}` })));
    const atFake = fakes.atomicwork.state.grantsFor(users.ada, entitlements.githubEngineering);
    expect(atFake).toHaveLength(1);
    expect(createsAt(fakes)).toBe(1);
    expect(results.every((r) => r.grant.status === 'active' && r.grant.externalId === atFake[0]!.id)).toBe(true);
    expect(new Set(results.map((r) => r.grant.accessId)).size).toBe(1);
    expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'existing')).toHaveLength(23);
  });

  it('revoking 23 of 24 keeps the access; the last revokes it; refresh of every record tells the truth', async () => {
    const { grantkits } = await setup(2);
    const grants = (await Promise.all(Array.from({ length: 24 }, (_, i) => grantkits[i % 2]!.grant(aw(users.grace))))).map((r) => r.grant);
    const [last, ...others] = grants;
    const revoked = await Promise.all(others.map((g, i) => grantkits[i % 2]!.revoke(g.id, { reason: 'moved team' })));
    expect(revoked.every((g) => g.status === 'revoked' && g.keptBy === last!.id)).toBe(true);
    expect(fakes.atomicwork.state.grantsFor(users.grace, entitlements.githubEngineering, 'ACTIVE')).toHaveLength(1);
    const history = await grantkits[0]!.history(others[0]!.id);
    expect(history.at(-1)).toMatchObject({ action: 'revoked', keptBy: last!.id, detail: expect.stringContaining('nothing was changed at the provider') });

    const final = await grantkits[1]!.revoke(last!.id);
    expect(final.status).toBe('revoked');
    expect(final.keptBy).toBeUndefined();
    expect(fakes.atomicwork.state.grantsFor(users.grace, entitlements.githubEngineering, 'ACTIVE')).toHaveLength(0);
    const revokes = fakes.atomicwork.received.filter((r) => r.method === 'POST' && r.url.includes('/revoke'));
    expect(revokes).toHaveLength(1);
    for (const g of grants) expect((await grantkits[0]!.refresh(g.id)).status).toBe('revoked');
    expect((await grantkits[0]!.getAccess(last!.accessId)).state).toBe('absent');
  });

  it('a new grant on an access another grant holds costs no request at all', async () => {
    const { grantkits } = await setup(1);
    await grantkits[0]!.grant(aw(users.alan));
    const before = fakes.atomicwork.received.length;
    const second = await grantkits[0]!.grant(aw(users.alan));
    expect(second.outcome).toBe('existing');
    expect(fakes.atomicwork.received.length).toBe(before);
  });

  it('an access the store knows is created again without a look first (one request)', async () => {
    const { grantkits } = await setup(1);
    const first = await grantkits[0]!.grant(aw(users.alan, entitlements.githubAdmins));
    await grantkits[0]!.revoke(first.grant.id);
    const before = fakes.atomicwork.received.length;
    const again = await grantkits[0]!.grant(aw(users.alan, entitlements.githubAdmins));
    expect(again).toMatchObject({ outcome: 'created', grant: { status: 'active', accessId: first.grant.accessId } });
    expect(fakes.atomicwork.received.slice(before).map((r) => r.method)).toEqual(['POST']);
  });
});

describe('ZITADEL role keys are the union of the live grants', () => {
  it('through grant, revoke and expiry', async () => {
    const { grantkits } = await setup(1);
    const gk = grantkits[0]!;
    const roles = () => fakes.zitadel.state.grants().filter((g) => g.userId === ZITADEL_SEED.users.alice).map((g) => [...g.roleKeys].sort());
    const admin = await gk.grant(zi(['admin'], new Date(Date.now() + 60_000).toISOString()));
    const viewer = await gk.grant(zi(['viewer']));
    expect(viewer.outcome).toBe('existing');
    expect(roles()).toEqual([['admin', 'viewer']]);
    const oncall = await gk.grant(zi(['oncall', 'viewer']));
    expect(roles()).toEqual([['admin', 'oncall', 'viewer']]);

    // Revoking viewer keeps it: oncall's grant also claims it.
    await gk.revoke(viewer.grant.id);
    expect(roles()).toEqual([['admin', 'oncall', 'viewer']]);
    await gk.revoke(oncall.grant.id);
    expect(roles()).toEqual([['admin']]);

    // The admin window ends: the last claim goes, so does the user grant.
    const report = await gk.sweep(new Date(Date.now() + 61_000));
    expect(report.expired).toEqual([admin.grant.id]);
    expect(roles()).toEqual([]);
    expect((await gk.get(admin.grant.id)).status).toBe('expired');
  });

  it('an update that adds a key another grant holds changes nothing at ZITADEL', async () => {
    const { grantkits } = await setup(1);
    const gk = grantkits[0]!;
    const a = await gk.grant(zi(['admin', 'viewer']));
    const b = await gk.grant(zi(['oncall']));
    const before = fakes.zitadel.received.length;
    const updated = await gk.update(b.grant.id, { roleKeys: ['oncall', 'admin'] });
    expect(updated).toMatchObject({ provider: 'zitadel', target: { roleKeys: ['oncall', 'admin'] } });
    expect(fakes.zitadel.received.length).toBe(before);
    // Taking viewer away from a: nobody else claims it, so the user grant drops it.
    await gk.update(a.grant.id, { roleKeys: ['admin'] });
    expect(fakes.zitadel.state.grant(a.grant.externalId!)!.roleKeys.sort()).toEqual(['admin', 'oncall']);
  });

  it('a refused key fails only the grant that asked for it', async () => {
    const { grantkits } = await setup(1);
    const gk = grantkits[0]!;
    const good = await gk.grant(zi(['viewer']));
    await expect(gk.grant(zi(['no-such-role']))).rejects.toMatchObject({ code: 'validation_error' });
    expect((await gk.get(good.grant.id)).status).toBe('active');
    expect(fakes.zitadel.state.grant(good.grant.externalId!)!.roleKeys).toEqual(['viewer']);
  });
});

describe('revoke racing a sweep', () => {
  it('a revoke landing while a sweep holds the expiring access: one provider revoke, nothing pending, clean later sweeps', async () => {
    const { grantkits } = await setup(1);
    const gk = grantkits[0]!;
    const endsAt = new Date(Date.now() + 2_000).toISOString();
    const grants = [];
    for (const entitlementId of [entitlements.githubEngineering, entitlements.githubAdmins, entitlements.salesforceUser]) {
      for (const userId of [users.ada, users.grace, users.alan, users.ada]) grants.push((await gk.grant({ ...aw(userId, entitlementId), window: { endsAt } })).grant);
    }
    expect(grants).toHaveLength(12);
    // Every revoke at Atomicwork is slow, so the sweep is mid-write when the caller's revoke lands.
    fakes.atomicwork.faults.add({ route: /\/revoke$/, latencyMs: 150 });
    const later = new Date(Date.now() + 3_000);
    const sweep = gk.sweep(later);
    await new Promise((r) => setTimeout(r, 60));
    const target = grants.at(-1)!;
    const revoked = await gk.revoke(target.id, { reason: 'left early' });
    const report = await sweep;
    expect(report.failed).toEqual([]);
    expect(['revoked', 'expired']).toContain(revoked.status);
    const all = await Promise.all(grants.map((g) => gk.get(g.id)));
    expect(all.filter((g) => !['revoked', 'expired'].includes(g.status))).toEqual([]);
    // One revoke per access at Atomicwork: 9 accesses (ada twice per entitlement).
    const revokes = fakes.atomicwork.received.filter((r) => r.method === 'POST' && r.url.includes('/revoke'));
    expect(revokes).toHaveLength(9);
    for (let i = 0; i < 3; i++) expect(await gk.sweep(new Date(later.getTime() + 1000 * (i + 1)))).toMatchObject({ failed: [], expired: [], reconciled: [] });
  });
});

describe('adopted accesses (held at the provider before grantkit)', () => {
  it('Atomicwork: the grant comes back existing, and revoking the last claim leaves it in place', async () => {
    const { grantkits } = await setup(1);
    const gk = grantkits[0]!;
    const before = fakes.atomicwork.state.createGrant({ userId: users.alan, entitlementId: entitlements.salesforceUser }).grant;
    const result = await gk.grant(aw(users.alan, entitlements.salesforceUser));
    expect(result).toMatchObject({ outcome: 'existing', grant: { status: 'active', externalId: before.id } });
    expect((await gk.getAccess(result.grant.accessId)).adopted).toBeDefined();
    const revoked = await gk.revoke(result.grant.id);
    expect(revoked).toMatchObject({ status: 'revoked', keptBy: 'adopted' });
    expect(fakes.atomicwork.state.grantsFor(users.alan, entitlements.salesforceUser, 'ACTIVE').map((g) => g.id)).toEqual([before.id]);
  });

  it('ZITADEL: role keys go back to what the user grant had before grantkit', async () => {
    const { grantkits } = await setup(1);
    const gk = grantkits[0]!;
    const existing = fakes.zitadel.state.addGrant({ resourceOwner: ZITADEL_SEED.orgId, userId: ZITADEL_SEED.users.bob, projectId: ZITADEL_SEED.projectId, projectGrantId: '', roleKeys: ['viewer'] });
    const result = await gk.grant({ ...zi(['admin']), subject: { userId: ZITADEL_SEED.users.bob } });
    expect(result.outcome).toBe('existing');
    expect(fakes.zitadel.state.grant(existing.id)!.roleKeys.sort()).toEqual(['admin', 'viewer']);
    const revoked = await gk.revoke(result.grant.id);
    expect(revoked.keptBy).toBe('adopted');
    expect(fakes.zitadel.state.grant(existing.id)!.roleKeys).toEqual(['viewer']);
  });
});

describe('a sweep on a store shared with a Grantkit that has other providers', () => {
  it('leaves the due work of a provider it does not have to a process that has it, and does the rest', async () => {
    const { grantkits, stores } = await setup(1);
    const endsAt = new Date(Date.now() + 60_000).toISOString();
    const roles = await grantkits[0]!.grant({ ...zi(['viewer']), window: { endsAt } });
    const app = await grantkits[0]!.grant({ ...aw(users.grace), window: { endsAt } });
    const atomicworkOnly = createGrantkit({ providers: { atomicwork: fakes.providerConfigs(fastReliability).atomicwork }, store: await SqliteGrantStore.open({ path: pathOf(stores[0]!) }) });
    open.push(atomicworkOnly);
    const report = await atomicworkOnly.sweep(new Date(Date.now() + 61_000));
    expect(report.expired).toEqual([app.grant.id]);
    expect(report.failed).toEqual([]);
    expect((await atomicworkOnly.get(roles.grant.id)).status).toBe('active');
    // The Grantkit with ZITADEL still finds it due and ends it.
    expect((await grantkits[0]!.sweep(new Date(Date.now() + 61_000))).expired).toEqual([roles.grant.id]);
  });
});
