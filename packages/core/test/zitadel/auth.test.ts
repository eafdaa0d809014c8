import { generateKeyPairSync } from 'node:crypto';
import { ZITADEL_SEED as S } from '@grantkit/testing';
import { describe, expect, it } from 'vitest';
import { AuthError, ConfigError, ValidationError } from '../../src/index.js';
import { ZitadelClient } from '../../src/providers/zitadel/index.js';
import { caught, client, fake, FAST } from './helpers.js';

const { alice } = S.users;

describe('ZITADEL auth: personal access token', () => {
  it('sends the PAT as a bearer and never exchanges a token', async () => {
    const f = await fake();
    const headers: Array<Record<string, string>> = [];
    const c = client(f, { hooks: { onRequest: (e) => headers.push(e.headers) } });
    await c.addGrant({ userId: alice, projectId: S.projectId, roleKeys: ['viewer'] });
    expect(f.state.stats.tokenRequests).toBe(0);
    expect(headers[0]).toMatchObject({ authorization: '[REDACTED]', 'x-zitadel-orgid': S.orgId });
  });

  it('a revoked PAT is an AuthError after exactly one request (a PAT cannot be refreshed)', async () => {
    const f = await fake();
    const c = client(f);
    f.revokeToken(f.pat);
    const error = await caught(c.listGrants().firstPage());
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).providerCode).toBe('FAKE-AUTH');
    expect(f.state.stats.apiRequests).toBe(1);
  });
});

describe.each(['v1', 'v2'] as const)('ZITADEL auth: JWT profile on api %s', (api) => {
  it('exchanges one signed assertion and reuses the token for every call, also concurrent ones', async () => {
    const f = await fake();
    const c = client(f, { api, serviceAccountKey: await f.createServiceAccountKey() });
    await Promise.all([
      c.addGrant({ userId: alice, projectId: S.projectId, roleKeys: ['viewer'] }),
      c.listGrants().firstPage(),
      c.listGrants({ userId: alice }).firstPage(),
    ]);
    await c.findGrant({ userId: alice, projectId: S.projectId });
    expect(f.state.stats.tokenRequests).toBe(1);
    expect(f.state.stats.unauthenticated).toBe(0);
  });

  it('accepts the key file as JSON text', async () => {
    const f = await fake();
    const c = client(f, { api, serviceAccountKey: JSON.stringify(await f.createServiceAccountKey()) });
    await expect(c.listGrants().firstPage()).resolves.toMatchObject({ items: [] });
  });

  it('on a 401 (token expired upstream) fetches exactly one new token and retries the call once', async () => {
    const f = await fake();
    const c = client(f, { api, serviceAccountKey: await f.createServiceAccountKey() });
    await c.listGrants().firstPage();
    f.expireTokens();
    const before = { ...f.state.stats };
    const { outcome } = await c.addGrant({ userId: alice, projectId: S.projectId, roleKeys: ['admin'] });
    expect(outcome).toBe('created');
    expect(f.state.stats.tokenRequests - before.tokenRequests).toBe(1);
    expect(f.state.stats.unauthenticated - before.unauthenticated).toBe(1);
    // create (401) + create again + the read-back
    expect(f.state.stats.apiRequests - before.apiRequests).toBe(3);
    expect(f.state.grants()).toHaveLength(1);
  });

  it('refreshes ahead of time when less than 60 s of the token life remain', async () => {
    const f = await fake({ tokenTtlSeconds: 30 });
    const c = client(f, { api, serviceAccountKey: await f.createServiceAccountKey() });
    await c.listGrants().firstPage();
    await c.listGrants().firstPage();
    expect(f.state.stats.tokenRequests).toBe(2);
    expect(f.state.stats.unauthenticated).toBe(0);
  });

  it('a token whose lifetime ran out on the server clock is replaced transparently', async () => {
    let offsetMs = 0;
    const f = await fake({ tokenTtlSeconds: 90, now: () => new Date(Date.now() + offsetMs) });
    const c = client(f, { api, serviceAccountKey: await f.createServiceAccountKey() });
    await c.listGrants().firstPage();
    offsetMs = 100_000; // the server's clock passes the token's expiry; ours has not (90 s > the 60 s margin)
    await c.listGrants().firstPage();
    expect(f.state.stats.tokenRequests).toBe(2);
    expect(f.state.stats.unauthenticated).toBe(1);
  });

  it('an expired assertion is an AuthError, with one exchange and no retry loop', async () => {
    let offsetMs = 0;
    const f = await fake({ now: () => new Date(Date.now() + offsetMs) });
    const c = client(f, { api, serviceAccountKey: await f.createServiceAccountKey() });
    offsetMs = 10 * 60_000; // the server sees our 5-minute assertion as expired
    const error = await caught(c.listGrants().firstPage());
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).providerCode).toBe('invalid_grant');
    expect((error as Error).message).toMatch(/expired/);
    expect(f.state.stats.tokenRequests).toBe(1);
    expect(f.state.stats.apiRequests).toBe(0);
  });

  it('an assertion signed with the wrong key (tampered key file) is an AuthError', async () => {
    const f = await fake();
    const real = await f.createServiceAccountKey();
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const c = client(f, { api, serviceAccountKey: { ...real, key: other } });
    const error = await caught(c.listGrants().firstPage());
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/signature/);
    const unknownKey = client(f, { api, serviceAccountKey: { ...real, keyId: '399999999999999999' } });
    expect(await caught(unknownKey.listGrants().firstPage())).toBeInstanceOf(AuthError);
  });

  it('the private key, the PAT and tokens never appear in errors', async () => {
    const f = await fake();
    const key = await f.createServiceAccountKey();
    const keyLines = key.key.split('\n').filter((l) => l.length > 40);
    const errors: unknown[] = [];
    const jwt = client(f, { api, serviceAccountKey: { ...key, userId: S.users.bob } }); // iss/sub mismatch -> refused
    errors.push(await caught(jwt.listGrants().firstPage()));
    const pat = client(f, { api });
    errors.push(await caught(pat.addGrant({ userId: alice, projectId: S.projectId, roleKeys: ['nope'] })));
    errors.push(await caught(Promise.resolve().then(() => new ZitadelClient({ issuer: f.url, serviceAccountKey: { ...key, key: truncated(key.key) } }))));
    f.revokeToken(f.pat);
    errors.push(await caught(pat.listGrants().firstPage()));
    expect(errors.map((e) => (e as Error).constructor.name)).toEqual(['AuthError', 'ValidationError', 'ConfigError', 'AuthError']);
    for (const error of errors) {
      const texts = [String(error), JSON.stringify(error), (error as Error).stack ?? ''];
      for (const text of texts) {
        expect(text).not.toContain(f.pat);
        expect(text).not.toContain('PRIVATE KEY');
        for (const line of keyLines) expect(text).not.toContain(line);
        expect(text).not.toMatch(/fakeat_/);
      }
    }
  });
});

/** A PEM with its last body lines cut: unreadable, but the rest of the key is still in it. */
function truncated(pem: string): string {
  const lines = pem.trim().split('\n');
  return [...lines.slice(0, -4), lines.at(-1)].join('\n');
}

describe('ZITADEL client config', () => {
  const key = { type: 'serviceaccount', keyId: '1', userId: '2', key: 'not a pem' };
  it.each([
    [{ issuer: 'http://zitadel.example.com', personalAccessToken: 'abcdefghijkl' }, /https/],
    [{ issuer: 'not a url', personalAccessToken: 'abcdefghijkl' }, /absolute URL/],
    [{ issuer: 'https://acme.zitadel.cloud' }, /exactly one credential/],
    [{ issuer: 'https://acme.zitadel.cloud', personalAccessToken: 'abcdefghijkl', serviceAccountKey: key }, /exactly one credential/],
    [{ issuer: 'https://acme.zitadel.cloud', personalAccessToken: 'Bearer abcdefghijkl' }, /no "Bearer " prefix/],
    [{ issuer: 'https://acme.zitadel.cloud', serviceAccountKey: key }, /not a readable PEM/],
    [{ issuer: 'https://acme.zitadel.cloud', serviceAccountKey: '{oops' }, /not JSON/],
    [{ issuer: 'https://acme.zitadel.cloud', serviceAccountKey: { ...key, type: 'application' } }, /serviceaccount/],
    [{ issuer: 'https://acme.zitadel.cloud', personalAccessToken: 'abcdefghijkl', api: 'v3' }, /'v1'.*'v2'/],
  ])('rejects %j at construction', (config, message) => {
    let error: unknown;
    try {
      new ZitadelClient(config as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
  });

  it('allows http only on loopback and strips the trailing slash of the issuer (it is the JWT audience)', async () => {
    const f = await fake();
    const c = new ZitadelClient({ issuer: `${f.url}/`, serviceAccountKey: await f.createServiceAccountKey(), reliability: FAST });
    await expect(c.listGrants().firstPage()).resolves.toBeDefined();
    await c.close();
    expect(() => new ZitadelClient({ issuer: 'http://localhost:8080', personalAccessToken: 'abcdefghijkl' })).not.toThrow();
  });

  it('validation errors name the field before any request', async () => {
    const f = await fake();
    const c = client(f);
    const error = await caught(c.addGrant({ userId: '', projectId: S.projectId, roleKeys: [''] }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['userId', 'roleKeys.0']);
    expect(await caught(c.addGrant(undefined as never))).toBeInstanceOf(ValidationError);
    expect(f.state.stats.apiRequests).toBe(0);
  });
});
