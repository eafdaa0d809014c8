import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSeamFake, type SeamFake } from '@grantkit/testing';
import {
  ConfigError,
  handleSeamWebhook,
  isAccessGrantEvent,
  isAccessMethodEvent,
  SeamWebhookPayloadError,
  SeamWebhookSignatureError,
  SeamWebhookTimestampError,
  SeenIds,
  verifySeamWebhook,
  verifySeamWebhookDelivery,
  type SeamEvent,
} from '../src/index.js';
import { eventually, S, signed, startWebhookApp, window, type Capture } from './helpers.js';
import { SeamClient } from '@grantkit/core/seam';

let fake: SeamFake;
let app: Awaited<ReturnType<typeof startWebhookApp>>;
const applied: SeamEvent[] = [];
let failNext = false;

beforeAll(async () => {
  app = await startWebhookApp({
    secret: () => fake.webhookSecret,
    seen: new SeenIds(1000),
    onEvent: (event) => {
      if (failNext) {
        failNext = false;
        throw new Error('database down');
      }
      applied.push(event);
    },
  });
  // Deliveries go through express.raw(), where the test captures them for replays.
  fake = await startSeamFake({ issueDelayMs: 10, webhook: { url: `${app.url}/webhooks/seam-raw` } });
  const seam = new SeamClient({ endpoint: fake.url, apiKey: fake.apiKey });
  await seam.accessGrants.create({ userIdentityId: S.userIdentity.id, spaceIds: [S.spaces.building], requestedAccessMethods: [{ mode: 'code' }], ...window() });
  await seam.close();
  await eventually(() => applied.some((e) => e.event_type === 'access_grant.access_granted_to_all_doors'));
  await fake.webhooksIdle();
});
afterAll(async () => {
  await fake.close();
  await app.close();
});

const post = (path: string, headers: Record<string, string>, body: string | Buffer) => fetch(`${app.url}${path}`, { method: 'POST', headers, body });
const svix = (c: Capture) => ({ 'content-type': 'application/json', 'svix-id': c.headers['svix-id']!, 'svix-timestamp': c.headers['svix-timestamp']!, 'svix-signature': c.headers['svix-signature']! });

describe('webhooks delivered by the fake', () => {
  it('are verified and typed, every one handled once', () => {
    expect(fake.webhookDeliveries.length).toBeGreaterThanOrEqual(4);
    expect(fake.webhookDeliveries.every((d) => d.ok)).toBe(true);
    expect(applied.map((e) => e.event_id)).toEqual(fake.events.map((e) => e.event_id));
    const created = verifySeamWebhook(app.captured[0]!.body, app.captured[0]!.headers, fake.webhookSecret);
    expect(isAccessGrantEvent(created) && created.event_type === 'access_grant.created' && created.access_grant_id).toBeTruthy();
    const methodEvent = applied.find(isAccessMethodEvent)!;
    expect(methodEvent.access_grant_ids).toHaveLength(1);
  });

  it('refuses a tampered body with 400 problem+json', async () => {
    const c = app.captured[0]!;
    const tampered = c.body.toString('utf8').replace('"access_grant.created"', '"access_grant.deleted"');
    expect(tampered).not.toBe(c.body.toString('utf8'));
    expect(() => verifySeamWebhook(tampered, c.headers, fake.webhookSecret)).toThrow(SeamWebhookSignatureError);
    const res = await post('/webhooks/seam', svix(c), tampered);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'validation_error', errors: [{ path: 'svix-signature' }] });
  });

  it('refuses a stale timestamp, even correctly signed', async () => {
    const body = app.captured[0]!.body.toString('utf8');
    const headers = signed(fake.webhookSecret, body, { at: new Date(Date.now() - 6 * 60_000) });
    const error = (() => {
      try {
        verifySeamWebhook(body, headers, fake.webhookSecret);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SeamWebhookTimestampError);
    expect((error as SeamWebhookTimestampError).reason).toBe('stale_timestamp');
    const res = await post('/webhooks/seam', headers, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ path: 'svix-timestamp' }] });
    // Within the tolerance is fine.
    expect(() => verifySeamWebhook(body, signed(fake.webhookSecret, body, { at: new Date(Date.now() - 4 * 60_000) }), fake.webhookSecret)).not.toThrow();
  });

  it('refuses a timestamp from the future as a timestamp error, even correctly signed', async () => {
    const body = app.captured[0]!.body.toString('utf8');
    const headers = signed(fake.webhookSecret, body, { at: new Date(Date.now() + 6 * 60_000) });
    let error: unknown;
    try {
      verifySeamWebhook(body, headers, fake.webhookSecret);
    } catch (e) {
      error = e;
    }
    // Not a signature error: the signature is good, the clock is what is wrong.
    expect(error).toBeInstanceOf(SeamWebhookTimestampError);
    expect((error as SeamWebhookTimestampError).reason).toBe('stale_timestamp');
    expect((error as Error).message).toMatch(/svix-timestamp is 3\d\d s in the future/);
    const before = applied.length;
    const res = await post('/webhooks/seam', headers, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'validation_error', errors: [{ path: 'svix-timestamp' }] });
    expect(applied.length).toBe(before);
    // Within the tolerance ahead is fine (a sender's clock a little fast).
    expect(() => verifySeamWebhook(body, signed(fake.webhookSecret, body, { at: new Date(Date.now() + 4 * 60_000) }), fake.webhookSecret)).not.toThrow();
  });

  it('answers a replayed delivery 200 without applying it again', async () => {
    const c = app.captured.at(-1)!;
    const before = applied.length;
    for (const path of ['/webhooks/seam', '/webhooks/seam-raw']) {
      const res = await post(path, svix(c), c.body);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ received: true, duplicate: true });
    }
    // The same event under a new message id (a re-sent event) is not applied twice either.
    const body = c.body.toString('utf8');
    expect(await (await post('/webhooks/seam', signed(fake.webhookSecret, body), body)).json()).toEqual({ received: true, duplicate: true });
    expect(applied.length).toBe(before);
  });

  it('lets Seam retry after the handler failed, then applies once', async () => {
    const body = JSON.stringify({ event_id: crypto.randomUUID(), event_type: 'access_method.issued', workspace_id: fake.workspaceId, access_method_id: 'am-1', access_grant_ids: ['ag-1'] });
    const headers = signed(fake.webhookSecret, body);
    failNext = true;
    const first = await post('/webhooks/seam', headers, body);
    expect(first.status).toBe(500);
    expect(await first.text()).not.toContain('database down');
    const before = applied.length;
    expect((await post('/webhooks/seam', headers, body)).status).toBe(200);
    expect((await post('/webhooks/seam', headers, body)).status).toBe(200);
    expect(applied.length).toBe(before + 1);
  });

  it('says how to mount it when express.json() consumed the body', async () => {
    const c = app.captured[0]!;
    const res = await post('/webhooks/seam-json', svix(c), c.body);
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; detail: string };
    expect(problem.code).toBe('raw_body_unavailable');
    expect(problem.detail).toContain('before express.json()');
    expect(problem.detail).toContain('express.raw');
  });
});

describe('verifySeamWebhook', () => {
  const secret = 'whsec_' + Buffer.from('a-test-secret-of-some-length-123').toString('base64');
  const event = { event_id: 'ev-1', event_type: 'access_grant.access_to_door_lost', workspace_id: 'ws', created_at: 'x', occurred_at: 'x', access_grant_id: 'ag-1', acs_entrance_id: 'door-1' };
  const body = JSON.stringify(event);

  it('accepts one matching signature among several (secret rotation)', () => {
    const headers = signed(secret, body);
    const rotated = { ...headers, 'svix-signature': `v1,bm90LXRoZS1zaWduYXR1cmU= ${headers['svix-signature']}` };
    const verified = verifySeamWebhookDelivery(body, new Headers(rotated), secret);
    expect(verified.messageId).toBe(headers['svix-id']);
    expect(verified.event).toMatchObject({ event_type: 'access_grant.access_to_door_lost', acs_entrance_id: 'door-1' });
  });

  it('refuses a wrong secret, missing headers, a bad secret shape', () => {
    const other = 'whsec_' + Buffer.from('another-secret-entirely-456789').toString('base64');
    expect(() => verifySeamWebhook(body, signed(other, body), secret)).toThrow(SeamWebhookSignatureError);
    const { 'svix-signature': _, ...unsigned } = signed(secret, body);
    expect(() => verifySeamWebhook(body, unsigned, secret)).toThrow(/missing svix-signature/);
    expect(() => verifySeamWebhook(body, signed(secret, body), 'not-a-secret')).toThrow(ConfigError);
  });

  it('refuses signed bodies that are not events', () => {
    for (const bad of ['not json', '[1,2]', JSON.stringify({ event_type: 'access_grant.created' }), JSON.stringify({ ...event, access_grant_id: undefined })]) {
      expect(() => verifySeamWebhook(bad, signed(secret, bad), secret), bad).toThrow(SeamWebhookPayloadError);
    }
    const other = JSON.stringify({ event_id: 'ev-2', event_type: 'device.connected', device_id: 'd' });
    expect(verifySeamWebhook(other, signed(secret, other), secret)).toMatchObject({ event_type: 'device.connected' });
  });

  it('never shows the secret in an error', () => {
    const errors: unknown[] = [];
    for (const [b, h, s] of [
      [body + ' ', signed(secret, body), secret],
      [body, signed(secret, body, { at: new Date(0) }), secret],
      [body, signed(secret, body), secret.slice(0, 10)],
    ] as const) {
      try {
        verifySeamWebhook(b, h, s);
      } catch (e) {
        errors.push(e);
      }
    }
    expect(errors).toHaveLength(3);
    for (const e of errors) {
      const text = `${String(e)} ${JSON.stringify(e)} ${(e as Error).stack}`;
      expect(text).not.toContain(secret.slice(6));
      expect(text).not.toContain(secret.slice(0, 10));
    }
  });
});

describe('handleSeamWebhook (NestJS)', () => {
  const secret = 'whsec_' + Buffer.from('nest-secret-0123456789abcdef').toString('base64');
  const body = JSON.stringify({ event_id: 'ev-n', event_type: 'access_grant.deleted', access_grant_id: 'ag-n' });

  it('handles req.rawBody and says what to do without it', async () => {
    const seen: SeamEvent[] = [];
    const options = { secret, onEvent: (e: SeamEvent) => void seen.push(e), seen: new SeenIds(10) };
    const headers = signed(secret, body);
    const reply = await handleSeamWebhook(Buffer.from(body), headers, options);
    expect([reply.status, reply.duplicate, seen.length]).toEqual([200, false, 1]);
    expect((await handleSeamWebhook(Buffer.from(body), headers, options)).duplicate).toBe(true);
    const missing = await handleSeamWebhook(undefined, headers, options);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'raw_body_unavailable', detail: expect.stringContaining('rawBody: true') });
  });

  it('keeps a bounded memory of ids', () => {
    const ids = new SeenIds(2);
    ids.add('a');
    ids.add('b');
    expect(ids.has('a')).toBe(true); // a is now the newest
    ids.add('c');
    expect([ids.has('a'), ids.has('b'), ids.has('c'), ids.size]).toEqual([true, false, true, 2]);
  });
});
