/** The ZITADEL fake's wire format, checked with raw HTTP (no grantkit client involved). */
import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startZitadelFake, ZITADEL_SEED as S, type ZitadelFake } from '../../src/index.js';

let fake: ZitadelFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(options: Parameters<typeof startZitadelFake>[0] = {}): Promise<ZitadelFake> {
  fake = await startZitadelFake(options);
  return fake;
}

async function call(f: ZitadelFake, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await request(`${f.url}${path}`, {
    method: method as 'POST',
    headers: { authorization: `Bearer ${f.pat}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

const v2 = (f: ZitadelFake, rpc: string, body: unknown, headers: Record<string, string> = {}) =>
  call(f, 'POST', `/zitadel.authorization.v2.AuthorizationService/${rpc}`, body, { 'connect-protocol-version': '1', ...headers });

describe('ZITADEL fake, v1 wire format', () => {
  it('adds, lists with string-encoded 64-bit numbers, and answers a duplicate with 409 / code 6', async () => {
    const f = await start();
    const add = await call(f, 'POST', `/management/v1/users/${S.users.alice}/grants`, { projectId: S.projectId, roleKeys: ['viewer'] });
    expect(add.status).toBe(200);
    expect(add.body).toMatchObject({ userGrantId: expect.stringMatching(/^\d+$/), details: { sequence: expect.any(String), resourceOwner: S.orgId } });
    const list = await call(f, 'POST', '/management/v1/users/grants/_search', { query: { limit: 10 }, queries: [{ userIdQuery: { userId: S.users.alice } }] });
    expect(list.body).toMatchObject({
      details: { totalResult: '1', processedSequence: expect.any(String) },
      result: [{ id: add.body!.userGrantId, state: 'USER_GRANT_STATE_ACTIVE', roleKeys: ['viewer'], orgId: S.orgId, projectName: 'Grantkit Demo', userType: 'TYPE_HUMAN' }],
    });
    expect(list.body!.result[0]).not.toHaveProperty('projectGrantId'); // zero values are omitted
    const dup = await call(f, 'POST', `/management/v1/users/${S.users.alice}/grants`, { projectId: S.projectId, roleKeys: ['admin'] });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({
      code: 6,
      message: expect.stringContaining('(V3-DKcYh)'),
      details: [{ '@type': 'type.googleapis.com/zitadel.v1.ErrorDetail', id: 'V3-DKcYh', message: expect.any(String) }],
    });
  });

  it('maps FailedPrecondition to 400 / code 9, and checks bearer and org', async () => {
    const f = await start();
    const role = await call(f, 'POST', `/management/v1/users/${S.users.alice}/grants`, { projectId: S.projectId, roleKeys: ['root'] });
    expect(role).toMatchObject({ status: 400, body: { code: 9, details: [{ id: 'COMMAND-mm9F4' }] } });
    const anon = await call(f, 'POST', '/management/v1/users/grants/_search', {}, { authorization: 'Bearer nope' });
    expect(anon).toMatchObject({ status: 401, body: { code: 16 } });
    const other = await call(f, 'POST', '/management/v1/users/grants/_search', {}, { 'x-zitadel-orgid': S.otherOrgId });
    expect(other).toMatchObject({ status: 403, body: { code: 7 } });
    const missing = await call(f, 'DELETE', `/management/v1/users/${S.users.alice}/grants/399999999999999999`);
    expect(missing).toMatchObject({ status: 404, body: { code: 5, details: [{ id: 'COMMAND-1My0t' }] } });
  });
});

describe('ZITADEL fake, v2 Connect wire format', () => {
  it('requires Connect-Protocol-Version: 1 and JSON', async () => {
    const f = await start();
    const noHeader = await call(f, 'POST', '/zitadel.authorization.v2.AuthorizationService/ListAuthorizations', {});
    expect(noHeader).toMatchObject({ status: 400, body: { code: 'invalid_argument' } });
    const wrongType = await v2(f, 'ListAuthorizations', {}, { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(415);
  });

  it('creates with organizationId, rejects duplicates with already_exists and a decodable detail, deletes idempotently', async () => {
    const f = await start();
    const input = { userId: S.users.carol, projectId: S.projectId, organizationId: S.partnerOrgId, roleKeys: ['viewer'] };
    const created = await v2(f, 'CreateAuthorization', input);
    expect(created).toMatchObject({ status: 200, body: { id: expect.any(String), creationDate: expect.any(String) } });
    // the project grant was derived from (project, organization)
    expect(f.state.grant(created.body!.id)?.projectGrantId).toBe(S.projectGrantId);
    const dup = await v2(f, 'CreateAuthorization', input);
    expect(dup).toMatchObject({ status: 409, body: { code: 'already_exists', details: [{ type: 'zitadel.v1.ErrorDetail', debug: { id: 'V3-DKcYh' } }] } });
    const value = Buffer.from(dup.body!.details[0].value, 'base64').toString('utf8');
    expect(value).toContain('V3-DKcYh');
    const noOrg = await v2(f, 'CreateAuthorization', { ...input, organizationId: undefined });
    expect(noOrg).toMatchObject({ status: 400, body: { code: 'invalid_argument' } });
    const list = await v2(f, 'ListAuthorizations', { filters: [{ projectGrantId: { id: S.projectGrantId } }] });
    expect(list.body).toMatchObject({
      pagination: { totalResult: '1', appliedLimit: '100' },
      authorizations: [{ state: 'STATE_ACTIVE', organization: { id: S.partnerOrgId }, project: { organizationId: S.orgId }, roles: [{ key: 'viewer' }] }],
    });
    expect((await v2(f, 'DeleteAuthorization', { id: created.body!.id })).status).toBe(200);
    expect(await v2(f, 'DeleteAuthorization', { id: created.body!.id })).toMatchObject({ status: 200, body: { deletionDate: expect.any(String) } });
  });
});

describe('ZITADEL fake, token endpoint', () => {
  async function assertion(f: ZitadelFake, overrides: { aud?: string; exp?: number } = {}) {
    const key = await f.createServiceAccountKey();
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: key.keyId })
      .setIssuer(key.userId)
      .setSubject(key.userId)
      .setAudience(overrides.aud ?? f.url)
      .setIssuedAt(now)
      .setExpirationTime(overrides.exp ?? now + 60)
      .sign(createPrivateKey(key.key));
  }

  async function exchange(f: ZitadelFake, jwt: string, grantType = 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
    const res = await request(`${f.url}/oauth/v2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: grantType, assertion: jwt, scope: 'openid urn:zitadel:iam:org:project:id:zitadel:aud' }).toString(),
    });
    return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
  }

  it('serves discovery and issues a token for a valid assertion that then works as a bearer', async () => {
    const f = await start({ tokenTtlSeconds: 120 });
    const discovery = await request(`${f.url}/.well-known/openid-configuration`);
    expect(await discovery.body.json()).toMatchObject({ issuer: f.url, token_endpoint: `${f.url}/oauth/v2/token` });
    const res = await exchange(f, await assertion(f));
    expect(res).toMatchObject({ status: 200, body: { token_type: 'Bearer', expires_in: 120, access_token: expect.any(String) } });
    const list = await v2(f, 'ListAuthorizations', {}, { authorization: `Bearer ${res.body.access_token as string}` });
    expect(list.status).toBe(200);
    f.expireTokens();
    expect((await v2(f, 'ListAuthorizations', {}, { authorization: `Bearer ${res.body.access_token as string}` })).status).toBe(401);
  });

  it('refuses a tampered, expired, wrongly addressed assertion and other grant types, in the OAuth error shape', async () => {
    const f = await start();
    const good = await assertion(f);
    const [header, payload, signature] = good.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: S.users.alice })).toString('base64url');
    expect(await exchange(f, `${header}.${forged}.${signature}`)).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: expect.stringContaining('signature') },
    });
    const expired = await exchange(f, await assertion(f, { exp: Math.floor(Date.now() / 1000) - 10 }));
    expect(expired).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: expect.stringContaining('expired') } });
    const wrongAud = await exchange(f, await assertion(f, { aud: 'https://elsewhere.example' }));
    expect(wrongAud).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: expect.stringContaining('aud') } });
    expect(await exchange(f, good, 'client_credentials')).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    expect(f.state.stats.tokensIssued).toBe(0);
  });
});
