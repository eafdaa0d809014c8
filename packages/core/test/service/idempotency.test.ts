import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATOMICWORK_SEED_IDS, SEAM_FAKE_SEED } from '@grantkit/testing';
import { ConflictError, createGrantkit } from '../../src/index.js';
import { SqliteGrantStore } from '../../src/sqlite.js';
import { fastReliability, requests, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());
const dir = mkdtempSync(join(tmpdir(), 'grantkit-idem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('idempotency keys', () => {
  for (const provider of ['atomicwork', 'zitadel', 'seam'] as const) {
    it(`${provider}: the same key returns the first grant and calls the provider once`, async () => {
      const request = requests[provider]();
      const first = await h.grantkit.grant(request, { idempotencyKey: `order-${provider}` });
      const fake = h[provider];
      const before = fake.faults.counters.requests;
      const second = await h.grantkit.grant(request, { idempotencyKey: `order-${provider}` });
      expect(second.replayed).toBe(true);
      expect(second.grant.id).toBe(first.grant.id);
      expect(fake.faults.counters.requests).toBe(before);
    });
  }

  it('the same key with a different request is a ConflictError', async () => {
    await h.grantkit.grant(requests.atomicwork(), { idempotencyKey: 'k1' });
    await expect(h.grantkit.grant(requests.atomicwork(ATOMICWORK_SEED_IDS.users.grace), { idempotencyKey: 'k1' })).rejects.toBeInstanceOf(ConflictError);
  });

  it('holds across a process restart with the SQLite store', async () => {
    const path = join(dir, 'restart.db');
    const config = () => ({ seam: { endpoint: h.seam.url, apiKey: h.seam.apiKey, reliability: fastReliability } });
    const first = createGrantkit({ providers: config(), store: await SqliteGrantStore.open({ path }) });
    const a = await first.grant(requests.seam('restart@example.com'), { idempotencyKey: 'booking-1' });
    await first.close();
    const second = createGrantkit({ providers: config(), store: await SqliteGrantStore.open({ path }) });
    const before = h.seam.faults.counters.requests;
    const b = await second.grant(requests.seam('restart@example.com'), { idempotencyKey: 'booking-1' });
    expect(b.grant.id).toBe(a.grant.id);
    expect(b.replayed).toBe(true);
    expect(h.seam.faults.counters.requests).toBe(before);
    expect(h.seam.state.listAccessGrants(SEAM_FAKE_SEED.workspaceId).filter((g) => g.access_grant_id === a.grant.externalId)).toHaveLength(1);
    await second.close();
  });
});

describe('lost replies and unknown outcomes', () => {
  it('a create whose reply was lost leaves exactly one grant (Seam, read back by key)', async () => {
    h.seam.faults.add({ route: 'POST /access_grants/create', resetAfterProcessingRate: 1, times: 1 });
    const { grant } = await h.grantkit.grant(requests.seam('lost@example.com'));
    expect(grant.status === 'pending' || grant.status === 'active').toBe(true);
    const mine = h.seam.state.listAccessGrants(SEAM_FAKE_SEED.workspaceId).filter((g) => g.access_grant_id === grant.externalId);
    expect(mine).toHaveLength(1);
  });

  it('a revoke whose outcome stays unknown is finished by the next sweep', async () => {
    const { grant } = await h.grantkit.grant(requests.atomicwork(ATOMICWORK_SEED_IDS.users.alan));
    // Every revoke attempt stalls: the client cannot know whether it happened.
    h.atomicwork.faults.add({ route: /\/revoke$/, hangRate: 1, times: 3 });
    const error = await h.grantkit.revoke(grant.id, { reason: 'offboarding' }).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('timeout');
    expect((await h.grantkit.get(grant.id)).status).toBe('active');
    const report = await h.grantkit.sweep(h.advance(1000));
    expect(report.reconciled).toEqual([grant.id]);
    const done = await h.grantkit.get(grant.id);
    expect(done.status).toBe('revoked');
    expect(done.reason).toBe('offboarding');
    expect(h.atomicwork.state.grantsFor(ATOMICWORK_SEED_IDS.users.alan, ATOMICWORK_SEED_IDS.entitlements.githubEngineering, 'ACTIVE')).toHaveLength(0);
  });
});
