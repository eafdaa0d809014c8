import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATOMICWORK_SEED_IDS, ZITADEL_SEED } from '@grantkit/testing';
import { ConflictError, InvalidTransitionError, NotFoundError, ValidationError } from '../../src/index.js';
import { HOUR, eventually, requests, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('Atomicwork through Grantkit', () => {
  it('grants, reads, lists, revokes, with history', async () => {
    const { grant, outcome, replayed } = await h.grantkit.grant({ ...requests.atomicwork(), requestedBy: 'hr-bot', reason: 'onboarding' });
    expect(outcome).toBe('created');
    expect(replayed).toBe(false);
    expect(grant.status).toBe('active');
    expect(grant.externalId).toMatch(/^\d+$/);
    expect(h.atomicwork.state.grantsFor(ATOMICWORK_SEED_IDS.users.ada, ATOMICWORK_SEED_IDS.entitlements.githubEngineering, 'ACTIVE')).toHaveLength(1);
    expect((await h.grantkit.get(grant.id)).externalId).toBe(grant.externalId);
    const listed = await h.grantkit.list({ provider: 'atomicwork', userId: ATOMICWORK_SEED_IDS.users.ada }).toArray({ limit: 10 });
    expect(listed.map((g) => g.id)).toContain(grant.id);
    const revoked = await h.grantkit.revoke(grant.id, { reason: 'left the team', requestedBy: 'hr-bot' });
    expect(revoked.status).toBe('revoked');
    expect(revoked.revokedAt).toBeDefined();
    expect(h.atomicwork.state.grantsFor(ATOMICWORK_SEED_IDS.users.ada, ATOMICWORK_SEED_IDS.entitlements.githubEngineering, 'ACTIVE')).toHaveLength(0);
    // Revoking again is a success that changes nothing.
    expect((await h.grantkit.revoke(grant.id)).status).toBe('revoked');
    const history = await h.grantkit.history(grant.id);
    expect(history.map((e) => e.action)).toEqual(['requested', 'created', 'revoke_requested', 'revoked']);
    expect(history[0]).toMatchObject({ actor: 'hr-bot', reason: 'onboarding', outcome: 'success' });
  });

  it('keeps int64 ids above 2^53 exact end to end', async () => {
    const { grant } = await h.grantkit.grant(requests.atomicwork(ATOMICWORK_SEED_IDS.users.bigId, ATOMICWORK_SEED_IDS.entitlements.githubBigId));
    expect(grant.subject).toEqual({ userId: '9007199254740993' });
    expect(h.atomicwork.state.grantsFor('9007199254740993', '9007199254740995', 'ACTIVE')).toHaveLength(1);
  });

  it('full deprovisioning goes revoking, then revoked on refresh', async () => {
    const { grant } = await h.grantkit.grant(requests.atomicwork(ATOMICWORK_SEED_IDS.users.grace, ATOMICWORK_SEED_IDS.entitlements.salesforceUser));
    const revoking = await h.grantkit.revoke(grant.id, { deprovision: true });
    expect(revoking.status).toBe('revoking');
    expect(revoking.details.scheduleId).not.toBeNull();
    await eventually(async () => (await h.grantkit.refresh(grant.id)).status === 'revoked');
  });

  it('detects a grant revoked in the Atomicwork UI on refresh', async () => {
    const { grant } = await h.grantkit.grant(requests.atomicwork(ATOMICWORK_SEED_IDS.users.alan, ATOMICWORK_SEED_IDS.entitlements.githubAdmins));
    h.atomicwork.state.revokeGrant(grant.externalId!, { reason: 'by hand' });
    const refreshed = await h.grantkit.refresh(grant.id);
    expect(refreshed.status).toBe('revoked');
    expect((await h.grantkit.history(grant.id)).at(-1)).toMatchObject({ action: 'drift_detected' });
  });

  it('refuses role keys for Atomicwork, naming the field', async () => {
    const { grant } = await h.grantkit.grant(requests.atomicwork(ATOMICWORK_SEED_IDS.users.ada, ATOMICWORK_SEED_IDS.entitlements.salesforceLicense));
    const error = await h.grantkit.update(grant.id, { roleKeys: ['admin'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.path).toBe('roleKeys');
  });
});

describe('ZITADEL through Grantkit', () => {
  it('grants roles, updates them, revokes', async () => {
    const { grant } = await h.grantkit.grant(requests.zitadel(ZITADEL_SEED.users.bob, ['viewer']));
    expect(grant.status).toBe('active');
    expect(grant.details.roleKeys).toEqual(['viewer']);
    const updated = await h.grantkit.update(grant.id, { roleKeys: ['viewer', 'admin'] });
    expect(updated).toMatchObject({ provider: 'zitadel', target: { roleKeys: ['viewer', 'admin'] } });
    expect(h.zitadel.state.grant(grant.externalId!)!.roleKeys.sort()).toEqual(['admin', 'viewer']);
    await h.grantkit.revoke(grant.id);
    expect(h.zitadel.state.grant(grant.externalId!)).toBeUndefined();
  });

  it('a grant that already exists at ZITADEL comes back as existing (409 path)', async () => {
    const first = await h.grantkit.grant(requests.zitadel(ZITADEL_SEED.users.alice, ['oncall']));
    const second = await h.grantkit.grant(requests.zitadel(ZITADEL_SEED.users.alice, ['oncall']));
    expect(second.outcome).toBe('existing');
    expect(second.grant.id).not.toBe(first.grant.id);
    expect(second.grant.externalId).toBe(first.grant.externalId);
    expect(h.zitadel.state.grants().filter((g) => g.userId === ZITADEL_SEED.users.alice)).toHaveLength(1);
  });

  it('detects a grant removed in ZITADEL on refresh', async () => {
    const { grant } = await h.grantkit.grant(requests.zitadel(ZITADEL_SEED.users.bob, ['oncall']));
    h.zitadel.state.deleteGrant(grant.externalId!);
    expect((await h.grantkit.refresh(grant.id)).status).toBe('revoked');
  });
});

describe('Seam through Grantkit', () => {
  it('grants a door code for a window, moves the window, revokes', async () => {
    const startsAt = new Date(Date.now() + HOUR).toISOString();
    const endsAt = new Date(Date.now() + 3 * HOUR).toISOString();
    const { grant } = await h.grantkit.grant({ ...requests.seam('stay@example.com'), window: { startsAt, endsAt } });
    // Seam enforces windows itself: nothing is held back, the grant exists at once.
    expect(['pending', 'active']).toContain(grant.status);
    expect(grant.externalId).toBeTruthy();
    await eventually(async () => (await h.grantkit.refresh(grant.id)).status === 'active');
    const later = new Date(Date.now() + 5 * HOUR).toISOString();
    const moved = await h.grantkit.update(grant.id, { endsAt: later });
    expect(moved.window.endsAt).toBe(later);
    expect(h.seam.state.getAccessGrant(grant.externalId!)!.ends_at).toBe(later);
    expect((await h.grantkit.revoke(grant.id)).status).toBe('revoked');
    await eventually(async () => h.seam.state.getAccessGrant(grant.externalId!) === undefined);
  });

  it('detects a grant deleted in Seam on refresh', async () => {
    const { grant } = await h.grantkit.grant(requests.seam('deleted@example.com'));
    h.seam.state.deleteAccessGrant(grant.externalId!);
    await eventually(async () => (await h.grantkit.refresh(grant.id)).status === 'revoked');
  });
});

describe('service rules', () => {
  it('rejects updates to a revoked grant and unknown ids', async () => {
    const { grant } = await h.grantkit.grant(requests.seam('rules@example.com'));
    await h.grantkit.revoke(grant.id);
    await expect(h.grantkit.update(grant.id, { endsAt: new Date(Date.now() + HOUR).toISOString() })).rejects.toBeInstanceOf(ConflictError);
    await expect(h.grantkit.get('gr_nope')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reports capabilities of every configured provider', () => {
    expect(h.grantkit.capabilities().map((c) => [c.provider, c.nativeWindows])).toEqual([
      ['atomicwork', false],
      ['seam', true],
      ['zitadel', false],
    ]);
  });

  it('InvalidTransitionError is what a forbidden transition throws', () => {
    expect(new InvalidTransitionError('revoked', 'active').status).toBe(409);
  });
});
