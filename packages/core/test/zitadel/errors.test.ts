import { ZITADEL_SEED as S } from '@grantkit/testing';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, ProviderError, RateLimitedError, ValidationError } from '../../src/index.js';
import { caught, setup } from './helpers.js';

const { alice, carol } = S.users;

describe.each(['v1', 'v2'] as const)('ZITADEL errors on api %s', (api) => {
  it('an unknown role key is a ValidationError naming roleKeys (FailedPrecondition COMMAND-mm9F4)', async () => {
    const { client } = await setup(api);
    const error = await caught(client.addGrant({ userId: alice, projectId: S.projectId, roleKeys: ['viewer', 'superuser'] }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ providerCode: 'COMMAND-mm9F4', status: 400, issues: [{ path: 'roleKeys' }] });
  });

  it('a role the project grant does not carry is refused for the granted org', async () => {
    const { client } = await setup(api);
    const error = await caught(
      client.addGrant({ userId: carol, projectId: S.projectId, projectGrantId: S.projectGrantId, organizationId: S.partnerOrgId, roleKeys: ['admin'] }),
    );
    expect(error).toBeInstanceOf(ValidationError);
  });

  it('an unknown project is a clear ValidationError', async () => {
    const { client } = await setup(api);
    const error = await caught(client.addGrant({ userId: alice, projectId: '399999999999999999', roleKeys: ['viewer'] }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/failed_precondition .*Project not found/);
  });

  it('an empty role key list is allowed (neither API requires roles); duplicates are sent once', async () => {
    const { client, fake } = await setup(api);
    const { grant } = await client.addGrant({ userId: alice, projectId: S.projectId, roleKeys: [] });
    expect(grant.roleKeys).toEqual([]);
    const again = await client.addGrant({ userId: alice, projectId: S.projectId, roleKeys: ['viewer', 'viewer'] });
    expect(again.outcome).toBe('updated');
    expect(fake.state.grant(grant.id)?.roleKeys).toEqual(['viewer']);
  });

  it('an org the service user does not manage is a ForbiddenError', async () => {
    const { client } = await setup(api, { orgId: S.otherOrgId });
    const error = await caught(client.addGrant({ userId: S.users.dave, projectId: S.projectId, organizationId: S.otherOrgId, roleKeys: [] }));
    expect(error).toBeInstanceOf(ForbiddenError);
  });

  it('retries a read after injected 503s and 429s', async () => {
    const { client, fake } = await setup(api);
    fake.faults.add({ errorRate: 1, errorStatus: 503, times: 1 });
    await expect(client.listGrants().firstPage()).resolves.toMatchObject({ items: [] });
    fake.faults.add({ rateLimitedRate: 1, retryAfterSeconds: 0, times: 1 });
    await expect(client.listGrants().firstPage()).resolves.toMatchObject({ items: [] });
    expect(fake.faults.counters).toMatchObject({ errors: 1, rateLimited: 1 });
  });

  it('a create whose reply was lost is retried and resolves to the grant it made (409 path)', async () => {
    const { client, fake } = await setup(api);
    const route = api === 'v1' ? 'POST /management/v1/users/' : 'POST /zitadel.authorization.v2.AuthorizationService/CreateAuthorization';
    fake.faults.add({ route, resetAfterProcessingRate: 1, times: 1 });
    const { grant, outcome } = await client.addGrant({ userId: alice, projectId: S.projectId, roleKeys: ['oncall'] });
    expect(outcome).toBe('existing');
    expect(fake.state.grants().map((g) => g.id)).toEqual([grant.id]);
    expect(fake.faults.counters.resets).toBe(1);
  });

  it('gives up with typed errors when the upstream keeps failing', async () => {
    const { client, fake } = await setup(api, { reliability: { maxRetries: 1 } });
    fake.faults.add({ errorRate: 1, errorStatus: 500 });
    const error = await caught(client.listGrants().firstPage());
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).retryable).toBe(true);
    fake.faults.clear().add({ rateLimitedRate: 1, retryAfterSeconds: 120 });
    expect(await caught(client.listGrants().firstPage())).toBeInstanceOf(RateLimitedError);
  });
});

describe('ZITADEL version-specific input rules', () => {
  it('v1 needs userId for calls on one grant (it is in every path)', async () => {
    const { client, fake } = await setup('v1');
    const error = await caught(client.getGrant({ grantId: '300000000000100001' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ issues: [{ path: 'userId' }] });
    expect(fake.state.stats.apiRequests).toBe(0);
  });

  it('v2 does not need userId for calls on one grant', async () => {
    const { client } = await setup('v2');
    const { grant } = await client.addGrant({ userId: alice, projectId: S.projectId, roleKeys: ['viewer'] });
    await client.deactivate({ grantId: grant.id });
    expect((await client.getGrant({ grantId: grant.id }))?.state).toBe('INACTIVE');
    await client.removeGrant({ grantId: grant.id });
    expect(await client.getGrant({ grantId: grant.id })).toBeUndefined();
  });

  it('v2 needs an organizationId: from the input or the client orgId', async () => {
    const { client } = await setup('v2', { orgId: undefined });
    const error = await caught(client.addGrant({ userId: alice, projectId: S.projectId, roleKeys: ['viewer'] }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ issues: [{ path: 'organizationId' }] });
    const { grant } = await client.addGrant({ userId: alice, projectId: S.projectId, organizationId: S.orgId, roleKeys: ['viewer'] });
    expect(grant.organizationId).toBe(S.orgId);
  });

  it('v2 with a projectGrantId but no organizationId is refused (v2 has no projectGrantId field)', async () => {
    const { client, fake } = await setup('v2');
    const error = await caught(client.addGrant({ userId: carol, projectId: S.projectId, projectGrantId: S.projectGrantId, roleKeys: ['viewer'] }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/organizationId .*granted/);
    expect(fake.state.stats.apiRequests).toBe(0);
  });

  it('v1 with a granted project and no projectGrantId is refused by ZITADEL', async () => {
    const { client } = await setup('v1');
    const error = await caught(client.addGrant({ userId: carol, projectId: S.projectId, organizationId: S.partnerOrgId, roleKeys: ['viewer'] }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/projectGrantId/);
  });

  it('v1 getGrant of a grant in another org needs that organizationId', async () => {
    const { client } = await setup('v1');
    const { grant } = await client.addGrant({
      userId: carol, projectId: S.projectId, projectGrantId: S.projectGrantId, organizationId: S.partnerOrgId, roleKeys: ['viewer'],
    });
    expect(await client.getGrant({ userId: carol, grantId: grant.id })).toBeUndefined();
    expect(await client.getGrant({ userId: carol, grantId: grant.id, organizationId: S.partnerOrgId })).toMatchObject({ id: grant.id });
    const error = await caught(client.updateRoleKeys({ userId: carol, grantId: grant.id, roleKeys: ['oncall'] }));
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it('an invalid cursor is a ValidationError naming cursor', async () => {
    const { client } = await setup('v1');
    const error = await caught(client.listGrants().page('bm90LWEtY3Vyc29y'));
    expect(error).toMatchObject({ issues: [{ path: 'cursor' }] });
  });
});
