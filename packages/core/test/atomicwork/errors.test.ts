import { ATOMICWORK_ROUTES, ATOMICWORK_SEED_IDS as IDS } from '@grantkit/testing';
import { describe, expect, it } from 'vitest';
import {
  AuthError,
  ConfigError,
  ConflictError,
  ForbiddenError,
  type GrantkitError,
  NotFoundError,
  ProviderError,
  RateLimitedError,
  ValidationError,
} from '../../src/index.js';
import { resolveAtomicworkConfig } from '../../src/providers/atomicwork/config.js';
import { AtomicworkClient } from '../../src/providers/atomicwork/index.js';
import { clientFor, failure, harness } from './helpers.js';

const { users, entitlements } = IDS;

describe('AtomicworkClient error mapping ({ error, code } bodies)', () => {
  const cases: Array<[number, new (...args: never[]) => GrantkitError, string]> = [
    [400, ValidationError, 'BAD_REQUEST'],
    [401, AuthError, 'UNAUTHORIZED'],
    [403, ForbiddenError, 'FORBIDDEN'],
    [404, NotFoundError, 'NOT_FOUND'],
    [409, ConflictError, 'CONFLICT'],
    [500, ProviderError, 'INTERNAL_SERVER_ERROR'],
    [503, ProviderError, 'SERVICE_UNAVAILABLE'],
  ];
  for (const [status, type, code] of cases) {
    it(`maps an injected ${status} to ${type.name} with providerCode ${code}`, async () => {
      const { client, fake } = await harness({}, { reliability: { maxRetries: 0 } });
      fake.faults.add({ route: ATOMICWORK_ROUTES.listApps, errorRate: 1, errorStatus: status });
      const error = (await failure(client.listApps().firstPage())) as GrantkitError;
      expect(error).toBeInstanceOf(type);
      expect(error.provider).toBe('atomicwork');
      expect(error.providerCode).toBe(code);
      expect(error.message).toContain('atomicwork GET /iga/apps');
      if (error instanceof ProviderError) expect(error.upstreamStatus).toBe(status);
      expect(error.retryable).toBe(status >= 500);
    });
  }

  it('maps 429 to RateLimitedError with retryAfterMs from Retry-After', async () => {
    const { client, fake } = await harness({}, { reliability: { maxRetries: 0 } });
    fake.faults.add({ route: ATOMICWORK_ROUTES.listApps, rateLimitedRate: 1, retryAfterSeconds: 7 });
    const error = await failure(client.listApps().firstPage());
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(7000);
    expect((error as RateLimitedError).providerCode).toBe('RATE_LIMITED');
  });

  it('a wrong API key is an AuthError; a foreign workspace a ForbiddenError', async () => {
    const { fake } = await harness();
    const wrongKey = clientFor(fake, { apiKey: 'aw_wrong_key_1234567890' });
    expect(await failure(wrongKey.listApps().firstPage())).toBeInstanceOf(AuthError);
    const otherWorkspace = clientFor(fake, { workspaceId: '999' });
    const error = await failure(otherWorkspace.listApps().firstPage());
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toMatch(/workspace/);
  });

  it('a duplicate create refused with 409 returns the active grant (fake in conflict mode)', async () => {
    const { client, fake } = await harness({ duplicateCreate: 'conflict' });
    const first = await client.createGrant({ userId: users.ada, entitlementId: entitlements.githubEngineering });
    const second = await client.createGrant({ userId: users.ada, entitlementId: entitlements.githubEngineering });
    expect(second).toEqual({ grant: first.grant, outcome: 'already_active' });
    expect(fake.state.grantsFor(users.ada, entitlements.githubEngineering)).toHaveLength(1);
  });
});

describe('AtomicworkClient bad input', () => {
  it('missing userId is a ValidationError naming the field, before any request', async () => {
    const { client, fake } = await harness();
    const error = await failure(client.createGrant({ entitlementId: entitlements.githubEngineering } as never));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ path: 'userId', message: 'is required' }]);
    expect(error.message).toBe('atomicwork createGrant: userId is required.');
    expect(fake.faults.counters.requests).toBe(0);
  });

  it('snake_case options are named as unknown', async () => {
    const { client } = await harness();
    const error = (await failure(client.createGrant({ user_id: users.ada, entitlementId: entitlements.githubEngineering } as never))) as ValidationError;
    expect(error.issues.map((i) => i.path).sort()).toEqual(['', 'userId']);
    expect(error.message).toMatch(/unknown option\(s\) user_id/);
  });

  it('non-numeric, negative, number-typed and too large ids are ValidationErrors', async () => {
    const { client, fake } = await harness();
    const bad: unknown[] = ['abc', '-5', '0', '12.5', 123, '9223372036854775808', ''];
    for (const value of bad) {
      const error = (await failure(client.createGrant({ userId: value as string, entitlementId: entitlements.githubEngineering }))) as ValidationError;
      expect(error, String(value)).toBeInstanceOf(ValidationError);
      expect(error.issues[0]?.path).toBe('userId');
    }
    for (const call of [() => client.getGrant('x1'), () => client.revokeGrant('1 OR 1=1'), () => client.updateGrant('../apps', { status: 'GRANTED' })]) {
      const error = (await failure(call())) as ValidationError;
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.issues[0]?.path).toBe('grantId');
    }
    expect(() => client.grantHistory('abc')).toThrow(ValidationError);
    expect(() => client.listGrants({ userIds: ['1', 'two'] })).toThrow(/userIds\.1 must be an id string/);
    expect(() => client.listEntitlements({ type: 'LICENSE' as never })).toThrow(ValidationError);
    expect(() => client.listApps({ perPage: 101 })).toThrow(/perPage/);
    await expect(client.updateGrant('5', {})).rejects.toThrow(/at least one field/);
    await expect(client.createGrant({ userId: '1', entitlementId: '2', policyId: '3', policyKey: 'K' })).rejects.toThrow(/policyId or policyKey/);
    expect(fake.faults.counters.requests).toBe(0);
  });

  it('an unknown entitlement or user is a NotFoundError with a clear message', async () => {
    const { client } = await harness();
    const e1 = (await failure(client.createGrant({ userId: users.ada, entitlementId: '999999' }))) as NotFoundError;
    expect(e1).toBeInstanceOf(NotFoundError);
    expect(e1.message).toBe('atomicwork POST /iga/grants failed with 404 ENTITLEMENT_NOT_FOUND: Entitlement 999999 not found.');
    expect(e1.providerCode).toBe('ENTITLEMENT_NOT_FOUND');
    const e2 = await failure(client.createGrant({ userId: '888888', entitlementId: entitlements.githubEngineering }));
    expect(e2).toBeInstanceOf(NotFoundError);
    expect(e2.message).toMatch(/User 888888 not found/);
  });

  it('an unpublished entitlement is refused by the provider as a ValidationError', async () => {
    const { client } = await harness();
    const error = (await failure(client.createGrant({ userId: users.ada, entitlementId: entitlements.slackDraft }))) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.providerCode).toBe('ENTITLEMENT_NOT_PUBLISHED');
    expect(error.issues[0]?.message).toMatch(/not published/);
  });
});

describe('AtomicworkClient config', () => {
  const ok = { apiKey: 'aw_key_abcdef123456' };
  it('builds https://{tenant}.atomicwork.com and refuses anything but a DNS label', () => {
    expect(() => new AtomicworkClient({ ...ok, tenant: 'acme' }).close()).not.toThrow();
    for (const tenant of ['evil.com/x', 'a@b', 'acme.atomicwork.com', 'evil.com#', '-acme', 'a b', '', 'x'.repeat(64), 'acme:443']) {
      expect(() => new AtomicworkClient({ ...ok, tenant }), tenant).toThrow(ConfigError);
    }
    expect(() => new AtomicworkClient({ ...ok, tenant: 'acme.atomicwork.com' })).toThrow(/Pass just "acme"/);
    expect(resolveAtomicworkConfig({ ...ok, tenant: 'Acme-Corp' }).baseUrl).toBe('https://acme-corp.atomicwork.com/api/v1');
    expect(resolveAtomicworkConfig({ ...ok, baseUrl: 'http://127.0.0.1:8080/api/v1/' }).baseUrl).toBe('http://127.0.0.1:8080/api/v1');
    expect(resolveAtomicworkConfig({ ...ok, tenant: 'acme' }).headers).toEqual({ 'x-api-key': ok.apiKey });
  });

  it('requires exactly one of tenant / baseUrl, an apiKey and a numeric workspaceId', () => {
    expect(() => new AtomicworkClient({ ...ok })).toThrow(/tenant .* or, for tests, baseUrl/);
    expect(() => new AtomicworkClient({ ...ok, tenant: 'a', baseUrl: 'http://127.0.0.1:1' })).toThrow(/not both/);
    expect(() => new AtomicworkClient({ tenant: 'acme' } as never)).toThrow(/needs apiKey/);
    expect(() => new AtomicworkClient({ ...ok, tenant: 'acme', workspaceId: 'ws-1' })).toThrow(/workspaceId/);
    expect(() => new AtomicworkClient(undefined as never)).toThrow(ConfigError);
    expect(() => new AtomicworkClient({ ...ok, baseUrl: 'not a url' })).toThrow(ConfigError);
  });

  it('never echoes the API key in a config error', () => {
    const apiKey = 'aw_secret key_with_space_1234';
    const error = (() => {
      try {
        new AtomicworkClient({ tenant: 'acme', apiKey });
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(`${String(error)} ${JSON.stringify(error)} ${error.stack}`).not.toContain('secret');
  });
});

describe('AtomicworkClient secrets', () => {
  it('the API key appears in no error (String, JSON, stack), even when the provider echoes it', async () => {
    const { fake } = await harness();
    const bad = 'aw_wrong_key_0123456789abcdef';
    const errors: Error[] = [];
    const wrong = clientFor(fake, { apiKey: bad, reliability: { maxRetries: 0 } });
    errors.push(await failure(wrong.listApps().firstPage()));
    const right = clientFor(fake, { reliability: { maxRetries: 0 } });
    // The fake quotes an unknown policy_key in its 404 text: a key passed there must be redacted.
    const echoed = await failure(right.createGrant({ userId: users.ada, entitlementId: entitlements.githubEngineering, policyKey: fake.apiKey }));
    expect(echoed).toBeInstanceOf(NotFoundError);
    expect(echoed.message).toContain('Policy with key [REDACTED] not found');
    errors.push(echoed);
    fake.faults.add({ route: ATOMICWORK_ROUTES.createGrant, errorRate: 1, errorStatus: 500 });
    errors.push(await failure(right.createGrant({ userId: users.ada, entitlementId: entitlements.githubEngineering })));
    for (const e of errors) {
      const text = `${String(e)} ${JSON.stringify(e)} ${e.stack ?? ''}`;
      expect(text).not.toContain(bad);
      expect(text).not.toContain(fake.apiKey);
    }
    expect(errors[0]).toBeInstanceOf(AuthError);
  });

  it('hooks see the X-Api-Key header masked', async () => {
    const { fake } = await harness();
    const events: unknown[] = [];
    const client = clientFor(fake, { hooks: { onRequest: (e) => events.push(e), onResponse: (e) => events.push(e) } });
    await client.listApps().firstPage();
    expect(events).toHaveLength(2);
    expect(JSON.stringify(events)).not.toContain(fake.apiKey);
    expect(JSON.stringify(events)).toContain('"x-api-key":"[REDACTED]"');
  });
});
