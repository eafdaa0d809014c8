import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATOMICWORK_SEED_IDS, ZITADEL_SEED } from '@grantkit/testing';
import { createGrantkit } from '../../src/index.js';
import { SqliteGrantStore } from '../../src/sqlite.js';
import { HOUR, fastReliability, requests, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const aw = ATOMICWORK_SEED_IDS;

describe('time windows for providers without them (Atomicwork, ZITADEL)', () => {
  it('holds a grant that starts later as scheduled and creates it when a sweep finds it due', async () => {
    const startsAt = new Date(h.now().getTime() + HOUR).toISOString();
    const { grant, outcome } = await h.grantkit.grant({ ...requests.atomicwork(), window: { startsAt } });
    expect(outcome).toBe('scheduled');
    expect(grant.status).toBe('scheduled');
    expect(h.atomicwork.state.grantsFor(aw.users.ada, aw.entitlements.githubEngineering)).toHaveLength(0);
    // Not yet due: nothing happens.
    expect((await h.grantkit.sweep(new Date(h.now().getTime() + HOUR - 1000))).started).toEqual([]);
    const report = await h.grantkit.sweep(h.advance(HOUR + 1000));
    expect(report.started).toEqual([grant.id]);
    expect((await h.grantkit.get(grant.id)).status).toBe('active');
    expect(h.atomicwork.state.grantsFor(aw.users.ada, aw.entitlements.githubEngineering, 'ACTIVE')).toHaveLength(1);
    // Sweeping again changes nothing and creates nothing.
    const again = await h.grantkit.sweep(h.now());
    expect(again.started).toEqual([]);
    expect(h.atomicwork.state.grantsFor(aw.users.ada, aw.entitlements.githubEngineering)).toHaveLength(1);
  });

  it('revokes an 8-hour on-call role at endsAt as expired, distinct from revoked', async () => {
    const endsAt = new Date(h.now().getTime() + 8 * HOUR).toISOString();
    const { grant } = await h.grantkit.grant({ ...requests.zitadel(ZITADEL_SEED.users.alice, ['oncall']), window: { endsAt } });
    expect(grant.status).toBe('active');
    expect((await h.grantkit.sweep(h.advance(8 * HOUR - 60_000))).expired).toEqual([]);
    const report = await h.grantkit.sweep(h.advance(120_000));
    expect(report.expired).toEqual([grant.id]);
    const expired = await h.grantkit.get(grant.id);
    expect(expired.status).toBe('expired');
    expect(expired.expiredAt).toBeDefined();
    expect(expired.revokedAt).toBeUndefined();
    expect(h.zitadel.state.grant(grant.externalId!)).toBeUndefined();
    expect((await h.grantkit.history(grant.id)).map((e) => e.action)).toEqual(['requested', 'created', 'expired']);
    expect((await h.grantkit.sweep(h.advance(1000))).expired).toEqual([]);
  });

  it('revokes an Atomicwork grant at Atomicwork when its window ends, as expired', async () => {
    const endsAt = new Date(h.now().getTime() + 2 * HOUR).toISOString();
    const { grant } = await h.grantkit.grant({ ...requests.atomicwork(aw.users.grace, aw.entitlements.salesforceUser), window: { endsAt } });
    expect(h.atomicwork.state.grantsFor(aw.users.grace, aw.entitlements.salesforceUser, 'ACTIVE')).toHaveLength(1);
    expect((await h.grantkit.sweep(new Date(h.now().getTime() + HOUR))).expired).toEqual([]);
    expect(h.atomicwork.state.grantsFor(aw.users.grace, aw.entitlements.salesforceUser, 'ACTIVE')).toHaveLength(1);
    const report = await h.grantkit.sweep(h.advance(2 * HOUR + 1000));
    expect(report.expired).toEqual([grant.id]);
    expect(await h.grantkit.get(grant.id)).toMatchObject({ status: 'expired', expiredAt: expect.any(String) });
    expect(h.atomicwork.state.grantsFor(aw.users.grace, aw.entitlements.salesforceUser, 'ACTIVE')).toHaveLength(0);
    expect(h.atomicwork.state.requireGrant(grant.externalId!).status).toBe('REVOKED');
    expect((await h.grantkit.history(grant.id)).at(-1)).toMatchObject({ action: 'expired', actor: 'system' });
  });

  it('expires a scheduled grant whose whole window passed without creating it', async () => {
    const startsAt = new Date(h.now().getTime() + HOUR).toISOString();
    const endsAt = new Date(h.now().getTime() + 2 * HOUR).toISOString();
    const { grant } = await h.grantkit.grant({ ...requests.atomicwork(aw.users.grace), window: { startsAt, endsAt } });
    await h.grantkit.sweep(h.advance(3 * HOUR));
    expect((await h.grantkit.get(grant.id)).status).toBe('expired');
    expect(h.atomicwork.state.grantsFor(aw.users.grace, aw.entitlements.githubEngineering)).toHaveLength(0);
  });

  it('moves a scheduled start with update, and cancels a scheduled grant with revoke', async () => {
    const startsAt = new Date(h.now().getTime() + HOUR).toISOString();
    const { grant } = await h.grantkit.grant({ ...requests.atomicwork(aw.users.alan), window: { startsAt } });
    const later = new Date(h.now().getTime() + 2 * HOUR).toISOString();
    await h.grantkit.update(grant.id, { startsAt: later });
    expect((await h.grantkit.sweep(h.advance(HOUR + 1000))).started).toEqual([]);
    const cancelled = await h.grantkit.revoke(grant.id, { reason: 'plans changed' });
    expect(cancelled.status).toBe('revoked');
    expect((await h.grantkit.sweep(h.advance(2 * HOUR))).started).toEqual([]);
    expect(h.atomicwork.state.grantsFor(aw.users.alan, aw.entitlements.githubEngineering)).toHaveLength(0);
  });
});

describe('native windows (Seam)', () => {
  it('passes the window to Seam and records expiry without deleting', async () => {
    const endsAt = new Date(Date.now() + 2 * HOUR).toISOString();
    const { grant } = await h.grantkit.grant({ ...requests.seam('window@example.com'), window: { endsAt } });
    expect(h.seam.state.getAccessGrant(grant.externalId!)!.ends_at).toBe(endsAt);
    h.advance(3 * HOUR);
    const report = await h.grantkit.sweep(new Date(Date.now() + 3 * HOUR));
    expect(report.expired).toEqual([grant.id]);
    expect((await h.grantkit.get(grant.id)).status).toBe('expired');
  });
});

describe('sweeps on one store from two processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grantkit-sweep-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('never creates a due grant twice', async () => {
    const path = join(dir, 'shared.db');
    const storeA = await SqliteGrantStore.open({ path });
    const storeB = await SqliteGrantStore.open({ path });
    const providers = () => ({ atomicwork: { baseUrl: h.atomicwork.url, apiKey: h.atomicwork.apiKey, workspaceId: h.atomicwork.workspaceId, reliability: fastReliability } });
    let now = Date.now();
    const a = createGrantkit({ providers: providers(), store: storeA, clock: () => new Date(now) });
    const b = createGrantkit({ providers: providers(), store: storeB, clock: () => new Date(now) });
    const users = [aw.users.ada, aw.users.grace, aw.users.alan, aw.users.automation];
    const ids: string[] = [];
    for (const user of users) {
      const { grant } = await a.grant({ ...requests.atomicwork(user, aw.entitlements.salesforceUser), window: { startsAt: new Date(now + HOUR).toISOString() } });
      ids.push(grant.id);
    }
    now += HOUR + 1;
    const [ra, rb] = await Promise.all([a.sweep(new Date(now)), b.sweep(new Date(now))]);
    expect([...ra.started, ...rb.started].sort()).toEqual([...ids].sort());
    for (const user of users) expect(h.atomicwork.state.grantsFor(user, aw.entitlements.salesforceUser)).toHaveLength(1);
    await a.close();
    await b.close();
  });
});
