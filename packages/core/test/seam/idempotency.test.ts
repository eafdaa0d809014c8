import { SEAM_FAKE_SEED as S } from '@grantkit/testing';
import { describe, expect, it } from 'vitest';
import { ConflictError, ProviderError } from '../../src/errors.js';
import { deriveAccessGrantKey } from '../../src/providers/seam/index.js';
import { seamSetup } from './helpers.js';

const input = { userIdentityId: S.userIdentity.id, spaceIds: [S.spaces.building], requestedAccessMethods: [{ mode: 'code' as const }] };
const createPosts = (fake: { requests: Array<{ method: string; path: string }> }) => fake.requests.filter((r) => r.path === '/access_grants/create').length;

describe('deriveAccessGrantKey', () => {
  it('is deterministic, URL-safe and distinct per idempotency key', () => {
    const key = deriveAccessGrantKey('order-1234');
    expect(key).toBe(deriveAccessGrantKey('order-1234'));
    expect(key).toMatch(/^gk_[A-Za-z0-9_-]{32}$/);
    expect(encodeURIComponent(key)).toBe(key);
    expect(deriveAccessGrantKey('order-1235')).not.toBe(key);
    // A fixed vector, so a change of the derivation (which would break dedupe across releases) fails here.
    expect(deriveAccessGrantKey('hello')).toBe('gk_LPJNul-wow4m6DsqxbninhsWHlwfp0Je');
  });
});

describe('SeamClient accessGrants.create idempotency', () => {
  it('the same idempotency key gives the same access_grant_key and one grant', async () => {
    const { client, fake } = await seamSetup();
    const first = await client.accessGrants.create(input, { idempotencyKey: 'stay-1' });
    const second = await client.accessGrants.create(input, { idempotencyKey: 'stay-1' });
    expect(first.outcome).toBe('created');
    expect(second.outcome).toBe('existing');
    expect(second.accessGrant.access_grant_id).toBe(first.accessGrant.access_grant_id);
    expect(first.accessGrant.access_grant_key).toBe(deriveAccessGrantKey('stay-1'));
    expect(fake.state.listAccessGrants()).toHaveLength(1);
  });

  it('a lost reply is read back by key, not created twice', async () => {
    const { client, fake } = await seamSetup();
    fake.faults.add({ route: 'POST /access_grants/create', resetAfterProcessingRate: 1, times: 1 });
    const result = await client.accessGrants.create(input, { idempotencyKey: 'lost-reply' });
    expect(result.outcome).toBe('existing');
    expect(fake.state.listAccessGrants()).toHaveLength(1);
    expect(result.accessGrant.access_grant_id).toBe(fake.state.listAccessGrants()[0]?.access_grant_id);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /access_grants/create', 'GET /access_grants/get']);
  });

  it('a lost reply without any idempotency key still yields one grant (a random key is sent)', async () => {
    const { client, fake } = await seamSetup();
    fake.faults.add({ route: 'POST /access_grants/create', resetAfterProcessingRate: 1, times: 1 });
    const result = await client.accessGrants.create(input);
    expect(result.accessGrant.access_grant_key).toMatch(/^gk_/);
    expect(fake.state.listAccessGrants()).toHaveLength(1);
  });

  it('a reply that times out after the write is read back too', async () => {
    const { client, fake } = await seamSetup({}, { reliability: { timeoutMs: 300, baseDelayMs: 5 } });
    fake.faults.add({ route: 'POST /access_grants/create', stallBodyRate: 1, times: 1 });
    const result = await client.accessGrants.create(input, { idempotencyKey: 'stalled' });
    expect(result.outcome).toBe('existing');
    expect(fake.state.listAccessGrants()).toHaveLength(1);
  });

  it('a 503 before the write: read back finds nothing, the create is sent again', async () => {
    const { client, fake } = await seamSetup();
    fake.faults.add({ route: 'POST /access_grants/create', errorRate: 1, errorStatus: 503, times: 1 });
    const result = await client.accessGrants.create(input, { idempotencyKey: 'flaky' });
    expect(result.outcome).toBe('created');
    // The injected 503 never reaches the handler: one refused POST, one read-back, one processed POST.
    expect(fake.faults.counters.errors).toBe(1);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /access_grants/get', 'POST /access_grants/create']);
    expect(fake.state.listAccessGrants()).toHaveLength(1);
  });

  it('gives up after maxRetries and throws the provider error, with no grant made', async () => {
    const { client, fake } = await seamSetup({}, { reliability: { maxRetries: 1, baseDelayMs: 1 } });
    fake.faults.add({ route: 'POST /access_grants/create', errorRate: 1, errorStatus: 500 });
    const error = await client.accessGrants.create(input, { idempotencyKey: 'down' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ upstreamStatus: 500, providerCode: 'internal_server_error', requestId: expect.stringMatching(/^request_/) });
    expect(fake.faults.counters.errors).toBe(2);
    expect(createPosts(fake)).toBe(0);
    expect(fake.state.listAccessGrants()).toHaveLength(0);
  });

  it('a key already used for another user identity is a ConflictError', async () => {
    const { client } = await seamSetup();
    await client.accessGrants.create(input, { idempotencyKey: 'shared' });
    const other = await client.userIdentities.create({ fullName: 'Other Person' });
    const error = await client.accessGrants.create({ ...input, userIdentityId: other.user_identity_id }, { idempotencyKey: 'shared' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(/already belongs to grant .* for another user identity/);
  });

  it('the caller’s own accessGrantKey wins over the idempotency key', async () => {
    const { client } = await seamSetup();
    const { accessGrant } = await client.accessGrants.create({ ...input, accessGrantKey: 'mine' }, { idempotencyKey: 'ignored' });
    expect(accessGrant.access_grant_key).toBe('mine');
  });
});
