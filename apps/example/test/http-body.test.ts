/**
 * The body rules, the same on /api/grants (the @grantkit/express router) and /api/stays (a Nest
 * route behind the app's parser), against the BUILT app: a too-large body always gets its 413,
 * a Content-Encoding is a 415, a missing or non-JSON content type is a 415, and messages speak of
 * the request, not of internal functions.
 */
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATOMICWORK_SEED_IDS, SEAM_FAKE_SEED } from '@grantkit/testing';
import { startApp, type RunningApp, tokenOf } from './helpers/app-process.js';

let app: RunningApp;
let token: string;

beforeAll(async () => {
  app = await startApp();
  token = tokenOf(app);
});
afterAll(async () => {
  await app?.cleanup();
});

const ROUTES = ['/api/grants', '/api/stays'] as const;
const validBody: Record<(typeof ROUTES)[number], () => string> = {
  '/api/grants': () => JSON.stringify({ provider: 'atomicwork', subject: { userId: ATOMICWORK_SEED_IDS.users.alan }, target: { entitlementId: ATOMICWORK_SEED_IDS.entitlements.salesforceLicense } }),
  '/api/stays': () =>
    JSON.stringify({
      guest: { fullName: 'Body Guest', email: `body-${Math.random().toString(36).slice(2)}@example.com` },
      spaces: [SEAM_FAKE_SEED.spaces.building],
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      methods: ['code'],
      reservationKey: `body-${Math.random().toString(36).slice(2)}`,
    }),
};

async function post(path: string, body: string | Buffer | undefined, headers: Record<string, string>) {
  const res = await fetch(`${app.url}${path}`, { method: 'POST', body, headers: { authorization: `Bearer ${token}`, ...headers } });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json: () => JSON.parse(text) as { code?: string; detail?: string; title?: string; errors?: unknown[] } };
}

/**
 * One 4,090,000-byte POST on a connection of its own, the body written at once as curl does.
 * Resolves, once the request is over, with the error code if anything failed at any point (an
 * EPIPE after the answer counts too), else the status.
 */
function sendHuge(path: string): Promise<string> {
  const body = Buffer.alloc(4_090_000, 'a');
  return new Promise((resolve) => {
    let status: string | undefined;
    let error: string | undefined;
    const req = request(`${app.url}${path}`, {
      method: 'POST',
      agent: false,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': body.length },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => (status = String(res.statusCode)));
      res.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    });
    req.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    req.on('close', () => resolve(error ?? status ?? 'no answer'));
    req.end(body);
  });
}

describe('a body over the limit', () => {
  it.each(ROUTES)('%s answers 413 to each of 40 clients sending 4,090,000 bytes, none sees EPIPE or ECONNRESET', { timeout: 60_000 }, async (path) => {
    const outcomes: Record<string, number> = {};
    for (let i = 0; i < 40; i++) {
      const outcome = await sendHuge(path);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    expect(outcomes).toEqual({ 413: 40 });
  });
});

describe('Content-Encoding', () => {
  it.each(ROUTES)('%s answers 415 for gzip, compress or x-unknown, labelled or real, and takes identity', async (path) => {
    for (const coding of ['gzip', 'compress', 'x-unknown']) {
      const res = await post(path, validBody[path](), { 'content-type': 'application/json', 'content-encoding': coding });
      expect(res.status, `${coding}: ${res.text}`).toBe(415);
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect(res.json().code).toBe('unsupported_media_type');
    }
    const gzipped = await post(path, gzipSync(validBody[path]()), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(gzipped.status, gzipped.text).toBe(415);
    const identity = await post(path, validBody[path](), { 'content-type': 'application/json', 'content-encoding': 'identity' });
    expect(identity.status, identity.text).toBe(201);
  });
});

describe('the content type', () => {
  it.each(ROUTES)('%s answers 415 without a JSON content type, as `curl -d` sends it or with none at all', async (path) => {
    const form = await post(path, '{}', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status, form.text).toBe(415);
    expect(form.json().code).toBe('unsupported_media_type');
    // fetch labels a string text/plain; a Blob without a type goes out with no Content-Type.
    const none = await fetch(`${app.url}${path}`, { method: 'POST', body: new Blob(['{}']), headers: { authorization: `Bearer ${token}` } });
    expect(none.status, await none.text()).toBe(415);
  });

  it.each(ROUTES)('%s answers 400 for no body and for {}, naming fields, not functions', async (path) => {
    const empty = await post(path, undefined, {});
    expect(empty.status, empty.text).toBe(400);
    expect(empty.json().errors).toEqual([expect.objectContaining({ path: '' })]);
    const bare = await post(path, '{}', { 'content-type': 'application/json' });
    expect(bare.status, bare.text).toBe(400);
    expect(bare.json().code).toBe('validation_error');
    expect(bare.json().detail).toMatch(/^Invalid (grant|stay) request: /);
    expect(bare.text).not.toMatch(/grantStay|extendStay|moveStay/);
  });

  it('PATCH /api/stays/:id speaks of the stay change, not extendStay', async () => {
    const res = await fetch(`${app.url}/api/stays/some-booking`, { method: 'PATCH', body: '{}', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    const text = await res.text();
    expect(res.status, text).toBe(400);
    expect(text).toContain('Invalid stay change');
    expect(text).not.toMatch(/extendStay|moveStay/);
  });
});
