import { SEAM_FAKE_SEED as S } from '@grantkit/testing';
import { describe, expect, it } from 'vitest';
import { AuthError, ConfigError, ConflictError, NotFoundError, RateLimitedError, ValidationError } from '../../src/errors.js';
import { SeamClient } from '../../src/providers/seam/index.js';
import { inDays, seamSetup } from './helpers.js';

const base = { userIdentityId: S.userIdentity.id, spaceIds: [S.spaces.building], requestedAccessMethods: [{ mode: 'card' as const }] };

async function rejection(p: Promise<unknown>): Promise<Record<string, unknown>> {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!e) throw new Error('expected a rejection');
  return e as Record<string, unknown>;
}

describe('SeamClient config', () => {
  it('validates credentials at construction with a message that shows the fix', () => {
    expect(() => new SeamClient({})).toThrow(ConfigError);
    expect(() => new SeamClient({ apiKey: 'abc' })).toThrow(/starting with "seam_"/);
    expect(() => new SeamClient({ apiKey: 'seam_at1_xyz' })).toThrow(/personalAccessToken/);
    expect(() => new SeamClient({ personalAccessToken: 'seam_at1_xyz' })).toThrow(/workspaceId/);
    expect(() => new SeamClient({ apiKey: 'seam_k', personalAccessToken: 'seam_at1' })).toThrow(/not both/);
    expect(() => new SeamClient({ apiKey: 'seam_key123', endpoint: 'not a url' })).toThrow(ConfigError);
    expect(new SeamClient({ apiKey: 'seam_key123' }).endpoint).toBe('https://connect.getseam.com');
  });
});

describe('SeamClient auth against the fake', () => {
  it('works with a personal access token plus the seam-workspace header', async () => {
    const { fake } = await seamSetup();
    const client = new SeamClient({ endpoint: fake.url, personalAccessToken: fake.pat, workspaceId: fake.workspaceId });
    try {
      const { accessGrant } = await client.accessGrants.create(base);
      expect(accessGrant.workspace_id).toBe(S.workspaceId);
      // The same PAT in the second workspace sees that workspace's data only.
      const other = new SeamClient({ endpoint: fake.url, personalAccessToken: fake.pat, workspaceId: S.secondWorkspaceId });
      expect((await other.spaces.list().toArray({ limit: 10 })).map((s) => s.space_id)).toEqual([S.spaces.otherWorkspaceOffice]);
      await expect(other.accessGrants.get({ accessGrantId: accessGrant.access_grant_id })).rejects.toBeInstanceOf(NotFoundError);
      await other.close();
    } finally {
      await client.close();
    }
  });

  it('maps a wrong key or a PAT without access to AuthError with the request id', async () => {
    const { fake } = await seamSetup();
    const wrong = new SeamClient({ endpoint: fake.url, apiKey: 'seam_wrong_key_123' });
    const e = await rejection(wrong.spaces.list().toArray({ limit: 1 }));
    expect(e).toBeInstanceOf(AuthError);
    expect(e).toMatchObject({ providerCode: 'unauthorized', provider: 'seam', requestId: expect.stringMatching(/^request_/) });
    const pat = new SeamClient({ endpoint: fake.url, personalAccessToken: fake.pat, workspaceId: 'ws-not-mine' });
    await expect(pat.spaces.list().toArray({ limit: 1 })).rejects.toBeInstanceOf(AuthError);
    await wrong.close();
    await pat.close();
  });

  it('never puts the API key or the PAT into an error', async () => {
    const { fake } = await seamSetup();
    fake.faults.add({ errorRate: 1, errorStatus: 500 });
    for (const client of [
      new SeamClient({ endpoint: fake.url, apiKey: fake.apiKey, reliability: { maxRetries: 0 } }),
      new SeamClient({ endpoint: fake.url, personalAccessToken: fake.pat, workspaceId: fake.workspaceId, reliability: { maxRetries: 0 } }),
    ]) {
      const errors = [
        await rejection(client.accessGrants.create(base)),
        await rejection(client.accessGrants.get({ accessGrantKey: 'x' })),
        await rejection(new SeamClient({ endpoint: 'http://127.0.0.1:1', apiKey: fake.apiKey, reliability: { maxRetries: 0 } }).spaces.get({ spaceId: S.spaces.building })),
      ];
      for (const e of errors) {
        const text = [String(e), JSON.stringify(e), (e as { stack?: string }).stack ?? ''].join('\n');
        expect(text).not.toContain(fake.apiKey);
        expect(text).not.toContain(fake.pat);
      }
      await client.close();
    }
  });
});

describe('SeamClient bad input gives a ValidationError naming the field', () => {
  it('rejects before any request: a 3-digit PIN, ends_at before starts_at, both identity forms, a bad mode', async () => {
    const { client, fake } = await seamSetup();
    const pin = await rejection(client.accessGrants.create({ ...base, requestedAccessMethods: [{ mode: 'code', code: '123' }] }));
    expect(pin).toBeInstanceOf(ValidationError);
    expect(pin.issues).toEqual([{ path: 'requestedAccessMethods.0.code', message: 'must be a PIN of 4 to 9 digits' }]);
    const window = await rejection(client.accessGrants.create({ ...base, startsAt: inDays(2), endsAt: inDays(1) }));
    expect(window.issues).toEqual([{ path: 'endsAt', message: 'must be after startsAt' }]);
    const both = await rejection(client.accessGrants.create({ ...base, userIdentity: { fullName: 'X' } }));
    expect(both.issues).toEqual([expect.objectContaining({ path: 'userIdentityId' })]);
    const mode = await rejection(client.accessGrants.create({ ...base, requestedAccessMethods: [{ mode: 'bluetooth' as 'card' }] }));
    expect((mode.issues as Array<{ path: string }>)[0]?.path).toBe('requestedAccessMethods.0.mode');
    // list() returns a Paginator, so it throws at once rather than on the first page.
    expect(() => client.accessGrants.list({ spaceID: 'x' } as never)).toThrow(/Unrecognized key: "spaceID"/);
    expect(() => client.accessGrants.list({ limit: 501 })).toThrow(ValidationError);
    expect(await rejection(client.accessGrants.delete('' as string))).toBeInstanceOf(ValidationError);
    expect(await rejection(client.accessGrants.get(undefined as never))).toBeInstanceOf(ValidationError);
    expect(fake.requests).toHaveLength(0);
  });

  it('maps Seam invalid_input with per-field messages: unknown space, ends_at in the past', async () => {
    const { client } = await seamSetup();
    const space = await rejection(client.accessGrants.create({ ...base, spaceIds: ['00000000-0000-4000-8000-000000000000'] }));
    expect(space).toBeInstanceOf(ValidationError);
    expect(space).toMatchObject({ providerCode: 'invalid_input', requestId: expect.stringMatching(/^request_/) });
    expect(space.issues).toEqual([{ path: 'space_ids', message: 'Space 00000000-0000-4000-8000-000000000000 not found' }]);
    const past = await rejection(client.accessGrants.create({ ...base, startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-01-02T00:00:00Z' }));
    expect(past.issues).toEqual([{ path: 'ends_at', message: 'ends_at must be in the future' }]);
  });

  it('maps duplicates to ConflictError and 429 to RateLimitedError', async () => {
    const { client, fake } = await seamSetup({}, { reliability: { maxRetries: 0 } });
    await expect(client.userIdentities.create({ emailAddress: S.userIdentity.email })).rejects.toBeInstanceOf(ConflictError);
    await expect(client.spaces.create({ name: 'Again', spaceKey: 'building' })).rejects.toBeInstanceOf(ConflictError);
    fake.faults.add({ route: '/spaces/list', rateLimitedRate: 1, retryAfterSeconds: 2, times: 1 });
    const limited = await rejection(client.spaces.list().toArray({ limit: 1 }));
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited).toMatchObject({ retryAfterMs: 2000, providerCode: 'rate_limited' });
  });
});
