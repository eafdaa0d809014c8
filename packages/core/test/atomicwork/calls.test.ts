import { ATOMICWORK_SEED_IDS as IDS, ATOMICWORK_SEED_POLICY_KEYS } from '@grantkit/testing';
import { describe, expect, it } from 'vitest';
import { failure, harness } from './helpers.js';
import { NotFoundError } from '../../src/index.js';

const { users, entitlements, apps, policies } = IDS;

describe('AtomicworkClient against the fake: every call', () => {
  it('lists apps and entitlements by app, type, status and search', async () => {
    const { client } = await harness();
    const appNames = (await client.listApps().toArray({ limit: 100 })).map((a) => [a.id, a.name]);
    expect(appNames).toEqual([
      [apps.github, 'GitHub'],
      [apps.salesforce, 'Salesforce'],
      [apps.slack, 'Slack'],
    ]);
    expect((await client.listApps({ searchKey: 'sales' }).toArray({ limit: 10 })).map((a) => a.id)).toEqual([apps.salesforce]);

    const github = await client.listEntitlements({ appId: apps.github }).toArray({ limit: 100 });
    expect(github.map((e) => e.id)).toEqual([entitlements.githubEngineering, entitlements.githubAdmins, entitlements.githubBigId]);
    expect(github.every((e) => e.app_id === apps.github)).toBe(true);
    const roles = await client.listEntitlements({ type: 'ROLE' }).toArray({ limit: 100 });
    expect(roles.map((e) => e.id)).toEqual([entitlements.githubAdmins, entitlements.salesforceUser]);
    const drafts = await client.listEntitlements({ status: 'DRAFT' }).toArray({ limit: 100 });
    expect(drafts.map((e) => e.id)).toEqual([entitlements.slackDraft]);
    const search = await client.listEntitlements({ searchKey: 'license', appId: apps.salesforce }).toArray({ limit: 10 });
    expect(search.map((e) => e.name)).toEqual(['Sales Cloud License']);
  });

  it('creates a grant with every documented field and reads it back', async () => {
    const { client, fake } = await harness();
    const { grant, outcome } = await client.createGrant({
      userId: users.ada,
      entitlementId: entitlements.githubEngineering,
      policyKey: ATOMICWORK_SEED_POLICY_KEYS.engineering,
      grantedBy: users.grace,
      grantedAt: new Date('2024-04-15T09:30:00Z'),
    });
    expect(outcome).toBe('created');
    expect(grant).toMatchObject({
      status: 'GRANTED',
      user: { id: users.ada, email: 'ada@example.com' },
      entitlement: { id: entitlements.githubEngineering, name: 'engineering' },
      app: { id: apps.github, name: 'GitHub' },
      policy: { id: policies.engineering, key: ATOMICWORK_SEED_POLICY_KEYS.engineering },
      granted_by: users.grace,
      granted_at: '2024-04-15T09:30:00.000Z',
      revocation_status: null,
    });
    expect(typeof grant.id).toBe('string');
    expect(fake.state.grants.get(grant.id)?.policyId).toBe(policies.engineering);
    expect(await client.getGrant(grant.id)).toEqual(grant);

    const byPolicyId = await client.createGrant({ userId: users.grace, entitlementId: entitlements.salesforceUser, policyId: policies.sales });
    expect(byPolicyId.grant.policy?.key).toBe(ATOMICWORK_SEED_POLICY_KEYS.sales);
    // granted_by defaults to the API key's owner.
    expect(byPolicyId.grant.granted_by).toBe(users.automation);
  });

  it('sends X-Workspace-Id on every request', async () => {
    const { client, fake } = await harness();
    await client.listApps().firstPage();
    await client.createGrant({ userId: users.ada, entitlementId: entitlements.githubAdmins });
    expect(fake.state.requests.map((r) => r.workspaceId)).toEqual([IDS.workspaceId, IDS.workspaceId]);
  });

  it('lists grants by user, entitlement, app, status bucket, ids and raw filters', async () => {
    const { client } = await harness();
    const a = (await client.createGrant({ userId: users.ada, entitlementId: entitlements.githubEngineering })).grant;
    const b = (await client.createGrant({ userId: users.ada, entitlementId: entitlements.salesforceUser })).grant;
    const c = (await client.createGrant({ userId: users.grace, entitlementId: entitlements.githubEngineering })).grant;
    await client.revokeGrant(b.id);
    const ids = async (options: Parameters<typeof client.listGrants>[0]) =>
      (await client.listGrants(options).toArray({ limit: 100 })).map((g) => g.id).sort();

    expect(await ids({})).toEqual([a.id, b.id, c.id].sort());
    expect(await ids({ userIds: [users.ada] })).toEqual([a.id, b.id].sort());
    expect(await ids({ entitlementIds: [entitlements.githubEngineering] })).toEqual([a.id, c.id].sort());
    expect(await ids({ appIds: [apps.salesforce] })).toEqual([b.id]);
    expect(await ids({ status: 'ACTIVE' })).toEqual([a.id, c.id].sort());
    expect(await ids({ status: 'INACTIVE' })).toEqual([b.id]);
    expect(await ids({ status: 'REVOKED', userIds: [users.ada] })).toEqual([b.id]);
    expect(await ids({ grantIds: [a.id, c.id] })).toEqual([a.id, c.id].sort());
    expect(await ids({ searchKey: 'grace' })).toEqual([c.id]);
    expect(await ids({ filters: [{ attribute: 'user', operator: 'IS_NOT_ANY_OF', values: [users.ada] }] })).toEqual([c.id]);
    expect(await ids({ filters: [{ attribute: 'entitlement_value', operator: 'IS_ANY_OF', values: ['Sales User'] }] })).toEqual([b.id]);
    const sorted = await client.listGrants({ sortOrder: 'CREATED_AT_ASC' }).toArray({ limit: 10 });
    expect(sorted.map((g) => g.id)).toEqual([a.id, b.id, c.id]);
  });

  it('finds the active grant for a user and entitlement, and ensureGrant does not duplicate it', async () => {
    const { client, fake } = await harness();
    expect(await client.findActiveGrant({ userId: users.alan, entitlementId: entitlements.githubAdmins })).toBeNull();
    const first = await client.ensureGrant({ userId: users.alan, entitlementId: entitlements.githubAdmins });
    expect(first.outcome).toBe('created');
    const again = await client.ensureGrant({ userId: users.alan, entitlementId: entitlements.githubAdmins });
    expect(again).toEqual({ grant: first.grant, outcome: 'already_active' });
    expect(fake.state.grantsFor(users.alan, entitlements.githubAdmins)).toHaveLength(1);
    expect((await client.findActiveGrant({ userId: users.alan, entitlementId: entitlements.githubAdmins }))?.id).toBe(first.grant.id);
  });

  it('getGrant of an unknown id is a NotFoundError', async () => {
    const { client } = await harness();
    const error = await failure(client.getGrant('424242'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain('424242');
  });

  it('updates a grant (PUT) and records EXTENDED / EXPIRED in the history', async () => {
    const { client } = await harness();
    const { grant } = await client.createGrant({ userId: users.ada, entitlementId: entitlements.githubEngineering });
    const extended = await client.updateGrant(grant.id, { status: 'EXTENDED', policyId: policies.engineering, grantedAt: '2025-01-02T03:04:05Z' });
    expect(extended).toMatchObject({ id: grant.id, status: 'EXTENDED', granted_at: '2025-01-02T03:04:05.000Z', policy: { id: policies.engineering } });
    const expired = await client.updateGrant(grant.id, { status: 'EXPIRED' });
    expect(expired.status).toBe('EXPIRED');
    const events = await client.grantHistory(grant.id, { sortOrder: 'CREATED_AT_ASC' }).toArray({ limit: 10 });
    expect(events.map((e) => e.event_type)).toEqual(['GRANTED', 'EXTENDED', 'EXPIRED']);
    expect(events[0]).toMatchObject({ grant_id: grant.id, event_by: users.automation });
    const newestFirst = await client.grantHistory(grant.id).toArray({ limit: 10 });
    expect(newestFirst.map((e) => e.event_type)).toEqual(['EXPIRED', 'EXTENDED', 'GRANTED']);
  });

  it('revokes immediately by default (skip_deprovisioning=true) and keeps the reason in history', async () => {
    const { client, fake } = await harness();
    const { grant } = await client.createGrant({ userId: users.ada, entitlementId: entitlements.githubEngineering });
    const result = await client.revokeGrant(grant.id, { reason: 'left the company' });
    expect(result.outcome).toBe('revoked');
    expect(result.grant.status).toBe('REVOKED');
    expect(result.revocationStatus).toMatchObject({ status: 'COMPLETED', schedule_id: null });
    expect(fake.state.grants.get(grant.id)?.status).toBe('REVOKED');
    const [latest] = await client.grantHistory(grant.id).toArray({ limit: 1 });
    expect(latest).toMatchObject({ event_type: 'REVOKED', reason: 'left the company' });
  });

  it('deprovision: true goes IN_PROGRESS with a schedule_id, then COMPLETED', async () => {
    const { client } = await harness({ revocationDelayMs: 80 });
    const { grant } = await client.createGrant({ userId: users.grace, entitlementId: entitlements.githubAdmins });
    const result = await client.revokeGrant(grant.id, { deprovision: true, reason: 'offboarding' });
    expect(result.revocationStatus?.status).toBe('IN_PROGRESS');
    expect(result.revocationStatus?.schedule_id).toMatch(/^\d+$/);
    expect(result.grant.status).toBe('GRANTED');
    // A second revoke while deprovisioning runs is a success, not an error.
    expect((await client.revokeGrant(grant.id)).outcome).toBe('already_revoked');
    const done = await client.waitForRevocation(grant.id, { intervalMs: 20, timeoutMs: 2000 });
    expect(done.status).toBe('REVOKED');
    expect(done.revocation_status).toMatchObject({ status: 'COMPLETED', schedule_id: result.revocationStatus?.schedule_id });
  });

  it('a deprovisioning that fails leaves the grant active with revocation_status FAILED', async () => {
    const { client } = await harness({ revocationDelayMs: 10 });
    const { grant } = await client.createGrant({ userId: users.alan, entitlementId: entitlements.slackWorkspace });
    await client.revokeGrant(grant.id, { deprovision: true });
    const after = await client.waitForRevocation(grant.id, { intervalMs: 10, timeoutMs: 2000 });
    expect(after.status).toBe('GRANTED');
    expect(after.revocation_status?.status).toBe('FAILED');
    // It can be revoked again (here immediately).
    expect((await client.revokeGrant(grant.id)).grant.status).toBe('REVOKED');
  });

  it('revoking an already revoked grant is a success, also when it was revoked behind our back', async () => {
    const { client, fake } = await harness();
    const { grant } = await client.createGrant({ userId: users.ada, entitlementId: entitlements.salesforceUser });
    fake.state.revokeGrant(grant.id, { reason: 'revoked in the Atomicwork UI' });
    const result = await client.revokeGrant(grant.id, { reason: 'offboarding' });
    expect(result.outcome).toBe('already_revoked');
    expect(result.grant.status).toBe('REVOKED');
    expect((await client.revokeGrant(grant.id)).outcome).toBe('already_revoked');
    expect(fake.state.history.filter((h) => h.grantId === grant.id && h.eventType === 'REVOKED')).toHaveLength(1);
  });

  it('revoking an unknown grant is a NotFoundError', async () => {
    const { client } = await harness();
    const error = await failure(client.revokeGrant('987654321'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(/987654321 not found/);
  });
});
