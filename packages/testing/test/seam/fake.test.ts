import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { SEAM_FAKE_SEED as S, type SeamFake, type SeamFakeOptions, startSeamFake } from '../../src/index.js';

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()?.();
});

async function start(options: SeamFakeOptions = {}): Promise<SeamFake> {
  const fake = await startSeamFake({ issueDelayMs: 10, ...options });
  open.push(() => fake.close());
  return fake;
}

type Call = { status: number; headers: Record<string, unknown>; body: any };
async function call(fake: SeamFake, method: string, path: string, params: Record<string, unknown> = {}, headers: Record<string, string> = { authorization: `Bearer ${fake.apiKey}` }): Promise<Call> {
  const url = new URL(fake.url + path);
  let body: string | undefined;
  if (method === 'GET' || method === 'DELETE') {
    for (const [k, v] of Object.entries(params)) for (const x of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(x));
  } else {
    body = JSON.stringify(params);
    headers = { ...headers, 'content-type': 'application/json' };
  }
  const res = await request(url, { method: method as 'GET', headers, body });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

const grantParams = { user_identity_id: S.userIdentity.id, space_ids: [S.spaces.building], requested_access_methods: [{ mode: 'code' }] };

describe('Seam fake: transports, envelope, auth', () => {
  it('answers the POST + JSON form and the GET + query form alike, with ok: true and seam-request-id', async () => {
    const fake = await start();
    const created = await call(fake, 'POST', '/access_grants/create', { ...grantParams, access_grant_key: 'k1' });
    expect(created.status).toBe(200);
    expect(created.body.ok).toBe(true);
    expect(created.headers['seam-request-id']).toMatch(/^request_/);
    const id = created.body.access_grant.access_grant_id;
    const viaPost = await call(fake, 'POST', '/access_grants/get', { access_grant_id: id });
    const viaGet = await call(fake, 'GET', '/access_grants/get', { access_grant_id: id });
    expect(viaGet.body).toEqual(viaPost.body);
    const listed = await call(fake, 'GET', '/access_grants/list', { access_grant_ids: [id, '00000000-0000-4000-8000-000000000001'] });
    expect(listed.body.access_grants.map((g: { access_grant_id: string }) => g.access_grant_id)).toEqual([id]);
    expect((await call(fake, 'PATCH', '/access_grants/update', { access_grant_id: id, name: 'n' })).body).toEqual({ ok: true });
    expect((await call(fake, 'DELETE', '/access_grants/delete', { access_grant_id: id })).body).toEqual({ ok: true });
    expect((await call(fake, 'PUT', '/access_grants/delete', { access_grant_id: id })).status).toBe(405);
  });

  it('returns the error envelope with JSON content type and the request id header', async () => {
    const fake = await start();
    const missing = await call(fake, 'GET', '/access_grants/get', { access_grant_id: '00000000-0000-4000-8000-000000000404' });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/application\/json/);
    expect(missing.headers['seam-request-id']).toEqual(expect.any(String));
    expect(missing.body).toEqual({ error: { type: 'not_found', message: 'Access grant not found' }, ok: false });
    const bad = await call(fake, 'POST', '/access_grants/create', { ...grantParams, user_identity_id: 5 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ type: 'invalid_input', validation_errors: { _errors: [], user_identity_id: { _errors: ['Expected string, received number'] } } });
    const injected = await (async () => {
      fake.faults.add({ errorRate: 1, errorStatus: 503, times: 1 });
      return call(fake, 'GET', '/spaces/list');
    })();
    expect(injected.status).toBe(503);
    expect(injected.body.error.type).toBe('service_unavailable');
    expect(injected.headers['seam-request-id']).toEqual(expect.any(String));
  });

  it('authenticates API keys per workspace and PATs with the seam-workspace header', async () => {
    const fake = await start();
    expect((await call(fake, 'GET', '/spaces/list', {}, {})).body.error).toEqual({ type: 'unauthorized', message: 'No Authorization header' });
    expect((await call(fake, 'GET', '/spaces/list', {}, { authorization: 'Bearer seam_nope_123' })).status).toBe(401);
    expect((await call(fake, 'GET', '/spaces/list', {}, { authorization: `Bearer ${fake.pat}` })).status).toBe(401);
    const pat = await call(fake, 'GET', '/spaces/list', {}, { authorization: `Bearer ${fake.pat}`, 'seam-workspace': S.secondWorkspaceId });
    expect(pat.body.spaces.map((s: { space_id: string }) => s.space_id)).toEqual([S.spaces.otherWorkspaceOffice]);
    const second = await call(fake, 'GET', '/spaces/get', { space_id: S.spaces.building }, { authorization: `Bearer ${S.secondApiKey}` });
    expect(second.status).toBe(404);
  });
});

describe('Seam fake: rules and state', () => {
  it('enforces unique access_grant_key, user_identity_key and email per workspace, and ends_at after starts_at', async () => {
    const fake = await start();
    expect((await call(fake, 'POST', '/access_grants/create', { ...grantParams, access_grant_key: 'same' })).status).toBe(200);
    const dup = await call(fake, 'POST', '/access_grants/create', { ...grantParams, access_grant_key: 'same' });
    expect([dup.status, dup.body.error.type]).toEqual([409, 'access_grant_key_taken']);
    // The same key in the other workspace is fine.
    const other = await call(fake, 'POST', '/spaces/create', { name: 'x', space_key: 'building' }, { authorization: `Bearer ${S.secondApiKey}` });
    expect(other.status).toBe(200);
    expect((await call(fake, 'POST', '/user_identities/create', { email_address: S.userIdentity.email })).status).toBe(409);
    expect((await call(fake, 'POST', '/user_identities/create', { user_identity_key: S.userIdentity.key })).status).toBe(409);
    const window = await call(fake, 'POST', '/access_grants/create', { ...grantParams, starts_at: '2099-01-02T00:00:00Z', ends_at: '2099-01-01T00:00:00Z' });
    expect(window.body.error.validation_errors.ends_at._errors).toEqual(['ends_at must be after starts_at']);
    const pin = await call(fake, 'POST', '/access_grants/create', { ...grantParams, requested_access_methods: [{ mode: 'code', code: '123' }] });
    expect(pin.body.error.validation_errors.requested_access_methods['0'].code._errors).toEqual(['PIN code must be 4 to 9 digits']);
  });

  it('refuses ids that are not uuids as invalid_input on the field, as Seam (format: uuid) does', async () => {
    const fake = await start();
    const single = await call(fake, 'GET', '/access_grants/get', { access_grant_id: 'room-101' });
    expect(single.status).toBe(400);
    expect(single.body.error).toMatchObject({ type: 'invalid_input', validation_errors: { _errors: [], access_grant_id: { _errors: ['Invalid uuid'] } } });
    const list = await call(fake, 'POST', '/access_grants/create', { ...grantParams, space_ids: [S.spaces.building, 'room-101'] });
    expect(list.status).toBe(400);
    expect(list.body.error.validation_errors).toEqual({ _errors: [], space_ids: { _errors: [], '1': { _errors: ['Invalid uuid'] } } });
    // Read twice by the route (required check, then lookup): still one message.
    const deleted = await call(fake, 'DELETE', '/access_grants/delete', { access_grant_id: '..' });
    expect(deleted.body.error.validation_errors.access_grant_id._errors).toEqual(['Invalid uuid']);
    expect(fake.state.listAccessGrants()).toHaveLength(0);
  });

  it('an open-ended grant gets access_times_changed without ends_at (the event schema types it as a string)', async () => {
    const fake = await start();
    const g = (await call(fake, 'POST', '/access_grants/create', { ...grantParams, ends_at: '2099-01-01T00:00:00.000Z' })).body.access_grant;
    expect((await call(fake, 'PATCH', '/access_grants/update', { access_grant_id: g.access_grant_id, ends_at: null })).status).toBe(200);
    const changed = fake.events.filter((e) => e.event_type === 'access_grant.access_times_changed');
    expect(changed).toHaveLength(1);
    expect(changed[0]).not.toHaveProperty('ends_at');
    expect(changed[0]).toMatchObject({ access_grant_id: g.access_grant_id, starts_at: g.starts_at });
  });

  it('paginates with an opaque cursor and a next_page_url', async () => {
    const fake = await start();
    for (let i = 0; i < 5; i++) await call(fake, 'POST', '/user_identities/create', { full_name: `U${i}` });
    const first = await call(fake, 'GET', '/user_identities/list', { limit: 4 });
    expect(first.body.user_identities).toHaveLength(4);
    expect(first.body.pagination).toMatchObject({ has_next_page: true, next_page_cursor: expect.any(String) });
    const next = await request(first.body.pagination.next_page_url, { headers: { authorization: `Bearer ${fake.apiKey}` } });
    const page2 = (await next.body.json()) as any;
    expect(page2.user_identities).toHaveLength(2);
    expect(page2.pagination).toEqual({ has_next_page: false, next_page_cursor: null, next_page_url: null });
    expect((await call(fake, 'GET', '/user_identities/list', { page_cursor: 'garbage' })).status).toBe(400);
  });

  it('issues one access method per mode after the delay; a PIN on a lock without keypad fails; being_deleted meanwhile', async () => {
    const fake = await start({ issueDelayMs: 30, deleteDelayMs: 60 });
    const g = (await call(fake, 'POST', '/access_grants/create', { ...grantParams, requested_access_methods: [{ mode: 'code' }, { mode: 'mobile_key' }] })).body.access_grant;
    expect(fake.state.accessMethodsOf(g.access_grant_id).map((m) => m.is_issued)).toEqual([false, false]);
    expect(g.instant_key_url).toMatch(/^https:\/\/ik\.seam\.co\//);
    // Each wait is for the event the step produces, never a time that could race the fake's delays.
    await fake.waitForEvent((e) => e.event_type === 'access_grant.access_granted_to_all_doors' && e.access_grant_id === g.access_grant_id);
    const methods = fake.state.accessMethodsOf(g.access_grant_id);
    expect(methods.map((m) => m.is_issued)).toEqual([true, true]);
    expect(methods[0]?.code).toMatch(/^\d{4}$/);
    const storage = (await call(fake, 'POST', '/access_grants/create', { ...grantParams, space_ids: [S.spaces.storage] })).body.access_grant;
    await fake.waitForEvent((e) => e.event_type === 'access_grant.could_not_create_requested_access_methods' && e.access_grant_id === storage.access_grant_id);
    expect(fake.state.getAccessGrant(storage.access_grant_id)?.errors[0]?.error_code).toBe('cannot_create_requested_access_methods');
    await call(fake, 'DELETE', '/access_grants/delete', { access_grant_id: g.access_grant_id });
    const deleting = await call(fake, 'GET', '/access_grants/get', { access_grant_id: g.access_grant_id });
    expect(deleting.body.access_grant.warnings.map((w: { warning_code: string }) => w.warning_code)).toEqual(['being_deleted']);
    await fake.waitForEvent((e) => e.event_type === 'access_grant.deleted' && e.access_grant_id === g.access_grant_id);
    expect((await call(fake, 'GET', '/access_grants/get', { access_grant_id: g.access_grant_id })).status).toBe(404);
    const events = await call(fake, 'GET', '/events/list', { access_grant_id: g.access_grant_id });
    expect(events.body.events.map((e: { event_type: string }) => e.event_type)).toEqual([
      'access_grant.created',
      'access_method.created',
      'access_method.created',
      'access_method.issued',
      'access_method.issued',
      'access_grant.access_granted_to_all_doors',
      'access_method.revoked',
      'access_method.deleted',
      'access_method.revoked',
      'access_method.deleted',
      'access_grant.deleted',
    ]);
  });

  it('uses the injected clock for timestamps and the "in the future" check', async () => {
    const fixed = new Date('2030-05-05T10:00:00.000Z');
    const fake = await start({ now: () => fixed });
    const g = await call(fake, 'POST', '/access_grants/create', { ...grantParams, starts_at: '2030-05-05T08:00:00Z', ends_at: '2030-05-05T09:00:00Z' });
    expect(g.body.error.validation_errors.ends_at._errors).toEqual(['ends_at must be in the future']);
    const ok = await call(fake, 'POST', '/access_grants/create', { ...grantParams, ends_at: '2030-05-06T09:00:00Z' });
    expect(ok.body.access_grant).toMatchObject({ created_at: fixed.toISOString(), starts_at: fixed.toISOString() });
  });
});

describe('Seam fake: Svix-signed webhooks', () => {
  async function receiver(status = 200): Promise<{ url: string; received: Array<{ headers: Record<string, string>; body: string }>; fail: { count: number } }> {
    const received: Array<{ headers: Record<string, string>; body: string }> = [];
    const fail = { count: 0 };
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        if (fail.count > 0) {
          fail.count--;
          res.writeHead(500).end();
          return;
        }
        received.push({ headers: req.headers as Record<string, string>, body });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    open.push(() => new Promise<void>((r) => server.close(() => r())));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received, fail };
  }

  it('delivers every event signed with the whsec_ secret, verifiable with the Svix scheme', async () => {
    const hook = await receiver();
    hook.fail.count = 1; // the first delivery is retried
    const fake = await start({ webhook: { url: hook.url } });
    expect(fake.webhookSecret).toMatch(/^whsec_/);
    const created = await call(fake, 'POST', '/access_grants/create', { ...grantParams, requested_access_methods: [{ mode: 'card' }] });
    // The last event of this grant, then its delivery: webhooksIdle alone resolves before later events exist.
    await fake.waitForEvent((e) => e.event_type === 'access_grant.access_granted_to_all_doors' && e.access_grant_id === created.body.access_grant.access_grant_id);
    await fake.webhooksIdle();
    expect(hook.received.map((d) => JSON.parse(d.body).event_type)).toEqual(['access_grant.created', 'access_method.created', 'access_method.issued', 'access_grant.access_granted_to_all_doors']);
    expect(fake.webhookDeliveries.filter((d) => !d.ok)).toHaveLength(1);
    const verifier = new Webhook(fake.webhookSecret);
    for (const d of hook.received) {
      expect(d.headers['svix-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
      const svixAsStandard = { 'webhook-id': d.headers['svix-id'] ?? '', 'webhook-timestamp': d.headers['svix-timestamp'] ?? '', 'webhook-signature': d.headers['svix-signature'] ?? '' };
      expect(verifier.verify(d.body, svixAsStandard)).toMatchObject({ event_type: expect.any(String), workspace_id: S.workspaceId });
      expect(() => new Webhook('whsec_' + Buffer.from('another secret').toString('base64')).verify(d.body, svixAsStandard)).toThrow();
    }
  });

  it('refuses a webhook URL that is not loopback', async () => {
    await expect(startSeamFake({ webhook: { url: 'https://example.com/hooks' } })).rejects.toThrow(/loopback/);
  });
});
