import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { ATOMICWORK_SEED_IDS as IDS, type AtomicworkFake, startAtomicworkFake } from '../../src/index.js';

let fake: AtomicworkFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function call(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  if (!fake) throw new Error('start the fake first');
  const res = await request(`${fake.url}/api/v1${path}`, {
    method: method as 'GET',
    headers: { 'x-api-key': fake.apiKey, 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.statusCode, text: await res.body.text() };
}

describe('Atomicwork fake (raw HTTP)', () => {
  it('binds loopback on an ephemeral port and requires X-Api-Key', async () => {
    fake = await startAtomicworkFake();
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.apiKey).toMatch(/^aw_fake_[0-9a-f]{32}$/);
    const res = await call('GET', '/iga/apps', undefined, { 'x-api-key': 'nope' });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text)).toEqual({ error: 'Missing or invalid API key.', code: 'UNAUTHORIZED' });
    expect(fake.state.requests).toHaveLength(0);
  });

  it('writes int64 ids as bare numbers with exact digits and reads them exactly', async () => {
    fake = await startAtomicworkFake({ bigIds: true });
    const res = await call('POST', '/iga/grants', `{"user_id":9007199254740993,"entitlement_id":9007199254740995}`);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/"id":900719925474\d{4},/);
    expect(res.text).toContain('"user":{"id":9007199254740993,');
    expect(fake.state.grantsFor('9007199254740993', '9007199254740995')).toHaveLength(1);
  });

  it('rejects bad bodies and parameters with 400 { error, code } naming the field', async () => {
    fake = await startAtomicworkFake();
    const cases: Array<[string, string, string | undefined, RegExp]> = [
      ['POST', '/iga/grants', '{"entitlement_id":3001}', /user_id is required/],
      ['POST', '/iga/grants', '{"user_id":1.5,"entitlement_id":3001}', /user_id must be a positive int64/],
      ['POST', '/iga/grants', '{"user_id":"abc","entitlement_id":3001}', /user_id must be/],
      ['POST', '/iga/grants', '{not json', /not valid JSON/],
      ['POST', '/iga/grants/list', '{}', /JSON array of filters/],
      ['POST', '/iga/grants/list', '[{"attribute":"last_login_at","operator":"IS_BETWEEN","values":[]}]', /not supported by the fake/],
      ['POST', '/iga/grants/list?per_page=101', '[]', /per_page must be an integer from 1 to 100/],
      ['POST', '/iga/grants/list?next_page_token=zzz', '[]', /next_page_token is invalid/],
      ['POST', '/iga/grants/list?ids=1,x', '[]', /ids must be a positive int64/],
      ['GET', '/iga/entitlements?type=LICENSE', undefined, /type must be GROUP or ROLE/],
      ['POST', '/iga/grants/abc/revoke', '{}', /grant_id must be/],
    ];
    for (const [method, path, body, message] of cases) {
      const res = await call(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(JSON.parse(res.text).error, `${method} ${path}`).toMatch(message);
    }
    expect((await call('DELETE', '/iga/apps')).status).toBe(405);
    expect((await call('GET', '/iga/nothing')).status).toBe(404);
  });

  it('honours next_page_token over page/per_page', async () => {
    fake = await startAtomicworkFake();
    for (let i = 0; i < 5; i++) fake.state.createGrant({ userId: IDS.users.ada, entitlementId: IDS.entitlements.githubEngineering });
    const first = JSON.parse((await call('POST', '/iga/grants/list?per_page=2', '[]')).text);
    expect(first).toMatchObject({ page: 1, per_page: 2, total: 5 });
    const second = JSON.parse((await call('POST', `/iga/grants/list?page=1&per_page=50&next_page_token=${first.next_page_token}`, '[]')).text);
    expect(second).toMatchObject({ page: 2, per_page: 2, total: 5 });
    expect(second.data.map((g: { id: number }) => g.id)).not.toEqual(first.data.map((g: { id: number }) => g.id));
  });

  it('duplicate creates follow the configured behaviour', async () => {
    fake = await startAtomicworkFake({ duplicateCreate: 'return-existing' });
    const body = `{"user_id":${IDS.users.ada},"entitlement_id":${IDS.entitlements.githubAdmins}}`;
    const a = JSON.parse((await call('POST', '/iga/grants', body)).text);
    const b = JSON.parse((await call('POST', '/iga/grants', body)).text);
    expect(b.id).toBe(a.id);
    fake.state.duplicateCreate = 'conflict';
    const c = await call('POST', '/iga/grants', body);
    expect(c.status).toBe(409);
    expect(JSON.parse(c.text).code).toBe('GRANT_ALREADY_EXISTS');
    fake.state.duplicateCreate = 'allow';
    expect((await call('POST', '/iga/grants', body)).status).toBe(200);
    expect(fake.state.grantsFor(IDS.users.ada, IDS.entitlements.githubAdmins, 'ACTIVE')).toHaveLength(2);
  });

  it('deprovisioning completes after revocationDelayMs and uses the injected clock', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    fake = await startAtomicworkFake({ revocationDelayMs: 30, now: () => new Date(now) });
    const { grant } = fake.state.createGrant({ userId: IDS.users.grace, entitlementId: IDS.entitlements.githubAdmins });
    expect(grant.createdAt).toBe('2030-01-01T00:00:00.000Z');
    now += 60_000;
    const res = JSON.parse((await call('POST', `/iga/grants/${grant.id}/revoke`, '{"skip_deprovisioning":false}')).text);
    expect(res.revocation_status.status).toBe('IN_PROGRESS');
    expect(res.status).toBe('GRANTED');
    // Wait for the deprovisioning to end, not for a time that may race revocationDelayMs.
    await fake.waitUntil(() => grant.revocation?.status !== 'IN_PROGRESS', { what: 'the deprovisioning to end' });
    expect(grant.status).toBe('REVOKED');
    expect(grant.revocation?.status).toBe('COMPLETED');
    expect(fake.state.history.map((h) => [h.eventType, h.eventAt])).toEqual([
      ['GRANTED', '2030-01-01T00:00:00.000Z'],
      ['REVOKED', '2030-01-01T00:01:00.000Z'],
    ]);
  });
});
