/**
 * Hostile input against the BUILT example app (a child process): at least 2,000 generated
 * malformed or hostile requests (wrong types, huge strings, deep nesting, prototype-pollution keys,
 * bad dates, unknown providers, invalid JSON, wrong content types, odd ids and queries) to every
 * route. Every answer must be a 4xx application/problem+json, never a 5xx; the process stays up;
 * every route refuses a missing or wrong token; no secret shows in any response or log line.
 *
 * ZITADEL runs "real" from the app's view (a fake started here, reached with a minted service
 * account key file), so the private key is one of the secrets scanned for; Atomicwork and Seam are
 * the app's embedded fakes, whose random keys are scanned for by their formats.
 */
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATOMICWORK_SEED_IDS, SEAM_FAKE_SEED, ZITADEL_SEED, seededRandom, startZitadelFake, type ZitadelFake } from '@grantkit/testing';
import { startApp, type RunningApp } from './helpers/app-process.js';

const REQUESTS = 2400;
const SEED = process.env.FUZZ_SEED === undefined ? 424_242 : Number(process.env.FUZZ_SEED);
const TOKEN = `gk_fuzz_${randomBytes(24).toString('hex')}`;

let app: RunningApp;
let zitadel: ZitadelFake;
let keyDir: string;
let keyFile: { key: string };
let keyFileText: string;
let agent: Agent;
let grantId: string;
const seen: string[] = [];

beforeAll(async () => {
  console.log(`FUZZ_SEED=${SEED} (set FUZZ_SEED to replay or explore another run)`);
  zitadel = await startZitadelFake();
  keyFile = await zitadel.createServiceAccountKey();
  keyFileText = JSON.stringify(keyFile);
  keyDir = await mkdtemp(join(tmpdir(), 'grantkit-fuzz-'));
  await writeFile(join(keyDir, 'key.json'), keyFileText);
  app = await startApp({ GRANTKIT_API_TOKEN: TOKEN, ZITADEL_ISSUER: zitadel.url, ZITADEL_KEY_FILE: join(keyDir, 'key.json'), ZITADEL_ORG_ID: zitadel.orgId });
  agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const res = await send({ method: 'POST', path: '/api/grants', body: JSON.stringify(validGrant()) });
  expect(res.status, res.text).toBe(201);
  grantId = (JSON.parse(res.text) as { id: string }).id;
}, 60_000);

afterAll(async () => {
  agent?.destroy();
  await app?.cleanup();
  await zitadel?.close();
  if (keyDir) await rm(keyDir, { recursive: true, force: true });
});

interface Req {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  path: string;
  body?: string | Buffer;
  contentType?: string | null;
  auth?: string | null;
  headers?: Record<string, string>;
}

/**
 * One request, on the shared keep-alive agent. Every request gets its own answer: a dropped or
 * reset connection is a failure (it used to be retried, or taken for a 413 when the body was too
 * large; the app now reads such a body to its end, so the 413 always arrives).
 */
function send(req: Req): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  return sendOnce(req, agent);
}

async function sendOnce(req: Req, via: Agent | false): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  const headers: Record<string, string> = { ...req.headers };
  if (req.auth !== null) headers.authorization = req.auth ?? `Bearer ${TOKEN}`;
  if (req.body !== undefined && req.contentType !== null) headers['content-type'] = req.contentType ?? 'application/json';
  // Node's client frames a GET/DELETE body only with an explicit length (else the bytes would read as a second request).
  if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
  const res = await new Promise<{ status: number; headers: Record<string, string>; text: string }>((resolve, reject) => {
    const call = request(new URL(req.path, app.url), { method: req.method, headers, agent: via }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('error', reject);
      response.on('end', () => {
        const flat = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
        resolve({ status: response.statusCode ?? 0, headers: flat, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    call.on('error', (error) => reject(new Error(`${req.method} ${req.path.slice(0, 100)} body ${String(req.body?.length)} bytes ${req.contentType}: ${String(error)}`)));
    call.end(req.body);
  });
  seen.push(res.text, JSON.stringify(res.headers));
  return res;
}

function validGrant(): Record<string, unknown> {
  return { provider: 'atomicwork', subject: { userId: ATOMICWORK_SEED_IDS.users.ada }, target: { entitlementId: ATOMICWORK_SEED_IDS.entitlements.githubEngineering } };
}

/** Hostile values of every JSON type. */
function hostileValues(r: () => number): unknown[] {
  const deepArray = JSON.parse('['.repeat(3000) + ']'.repeat(3000)) as unknown;
  let deepObject: Record<string, unknown> = {};
  for (let i = 0; i < 3000; i++) deepObject = { a: deepObject };
  return [
    null, true, false, 0, -1, 1.5, 1e308, -0, 2 ** 53 + 1, '', ' ', 'x'.repeat(5000 + Math.floor(r() * 5000)), '\u0000', '\ud800', '<script>alert(1)</script>',
    "' OR 1=1 --", '../../etc/passwd', '%00', '2025-13-45T25:61:61Z', 'not-a-date', '0000-00-00', '9999-99-99T99:99:99Z', 'NaN', [], [null], [[]], {}, { __proto__: { polluted: true } },
    JSON.parse('{"__proto__":{"polluted":true}}') as unknown, { constructor: { prototype: { polluted: true } } }, deepArray, deepObject, ['a'.repeat(100)], Array.from({ length: 500 }, (_, i) => i),
  ];
}

const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

/** A body that is invalid for POST /api/grants by construction: one field of a valid one broken. */
function badGrantBody(r: () => number): unknown {
  const values = hostileValues(r);
  const body = validGrant() as Record<string, any>;
  switch (Math.floor(r() * 12)) {
    case 0: body.provider = pick(r, ['okta', 'ATOMICWORK', '', 'seam ', '__proto__', 'constructor', 42, null, ['seam']]); break;
    case 1: body.subject = pick(r, values.filter((v) => !(v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) || true)); body.subject = typeof body.subject === 'object' && body.subject && !Array.isArray(body.subject) ? { ...body.subject, extra: 1 } : body.subject; break;
    case 2: body.subject.userId = pick(r, values.filter((v) => typeof v !== 'string' || !/^\d{1,19}$/.test(v))); break;
    case 3: body.target.entitlementId = pick(r, values); break;
    case 4: body.window = { endsAt: pick(r, ['not-a-date', '2025-13-45T25:61:61Z', '2000-01-01T00:00:00Z', '', 0, null, [], {}, '9999-99-99']) }; break;
    case 5: body.window = { startsAt: '2031-01-02T00:00:00Z', endsAt: '2031-01-01T00:00:00Z' }; break;
    case 6: Object.defineProperty(body, pick(r, ['__proto__', 'constructor', 'prototype', 'unknownField', 'toString', 'hasOwnProperty']), { value: pick(r, values), enumerable: true }); break;
    case 7: return JSON.parse(`{"__proto__":{"isAdmin":true},"provider":"atomicwork","subject":{"userId":"${ATOMICWORK_SEED_IDS.users.ada}"},"target":{"entitlementId":"${ATOMICWORK_SEED_IDS.entitlements.githubEngineering}"}}`);
    case 8: return pick(r, values);
    case 9: body.reason = pick(r, values.filter((v) => typeof v !== 'string' || v.length > 1000)); if (typeof body.reason === 'string' && body.reason.length <= 1000) body.reason = 12; break;
    case 10: delete body[pick(r, ['provider', 'subject', 'target'])]; break;
    default: body.provider = 'zitadel'; body.target = { projectId: ZITADEL_SEED.projectId, roleKeys: pick(r, [[], ['x'.repeat(300)], [1], 'admin', null, [['admin']]]) }; body.subject = { userId: ZITADEL_SEED.users.alice };
  }
  return body;
}

function badStayBody(r: () => number): unknown {
  const base: Record<string, any> = {
    guest: { fullName: 'Fuzz Guest', email: 'fuzz@example.com' },
    spaces: [SEAM_FAKE_SEED.spaces.building],
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    methods: ['code'],
    reservationKey: `fuzz-${Math.floor(r() * 1e9)}`,
  };
  const values = hostileValues(r);
  switch (Math.floor(r() * 7)) {
    case 0: base.guest = pick(r, values); break;
    case 1: base.spaces = pick(r, [[], ['not-a-space'], 'x', null, [1], [SEAM_FAKE_SEED.spaces.otherWorkspaceOffice]]); break;
    case 2: base.endsAt = pick(r, ['not-a-date', '2000-01-01T00:00:00Z', base.startsAt, 0, null]); break;
    case 3: base.methods = pick(r, [[], ['laser'], 'code', [null], null]); break;
    case 4: base.reservationKey = pick(r, ['', null, 5, 'k'.repeat(5000), []]); break;
    case 5: return JSON.parse(JSON.stringify(base).replace(/^\{/, `{"${pick(r, ['__proto__', 'constructor', 'admin'])}":{"polluted":true},`));
    default: return pick(r, values);
  }
  return base;
}

function badId(r: () => number): string {
  return encodeURIComponent(
    pick(r, [
      'gr_doesnotexist', 'gr_' + 'x'.repeat(300), '__proto__', 'constructor', '..', '../../etc/passwd', '%00', "'; DROP TABLE grants; --", '\u0000', '💥', ' ', '0', '-1',
      'undefined', 'null', '9'.repeat(40), 'gr_' + randomBytesHex(r), 'toString',
    ]),
  );
}

function randomBytesHex(r: () => number): string {
  return Array.from({ length: 16 }, () => Math.floor(r() * 16).toString(16)).join('');
}

function badQuery(r: () => number): string {
  return pick(r, [
    'status=frozen', 'status=active&status=nope', 'limit=-1', 'limit=0', 'limit=1e9', 'limit=abc', 'limit=1.5', 'cursor=garbage', 'cursor=' + 'A'.repeat(5000),
    'provider=okta', 'provider[]=seam', 'provider[__proto__]=x', '__proto__[polluted]=1', 'constructor[prototype][x]=1', 'unknown=1', 'userId[$ne]=1', 'limit=10&limit=20',
    'externalId=' + 'x'.repeat(3000), 'status[]=active',
  ]);
}

/** What the body is sent as: JSON text mostly, sometimes broken text or a wrong type. */
function encode(r: () => number, value: unknown, oversize = true): Pick<Req, 'body' | 'contentType'> {
  const json = JSON.stringify(value) ?? 'null';
  const choice = Math.floor(r() * 10);
  switch (choice === 5 && !oversize ? 9 : choice) {
    case 0: return { body: json.slice(0, Math.max(1, Math.floor(json.length / 2))) }; // truncated
    case 1: return { body: pick(r, ['{', '{"a":}', "{'a':1}", 'NaN', '', '\u0000', '{"a":1}{"b":2}', '[1,]', '{"__proto__":', 'undefined']) };
    case 2: return { body: json, contentType: pick(r, ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=utf-16', 'image/png']) };
    case 3: return { body: json, contentType: null };
    case 4: return { body: Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x80, 0x81]) };
    case 5: return { body: '{"x":"' + 'y'.repeat(200_000) + '"}' }; // over the body limit
    default: return { body: json };
  }
}

function generate(r: () => number): Req {
  const kind = Math.floor(r() * 11);
  switch (kind) {
    case 0:
    case 1:
    case 2: return { method: 'POST', path: '/api/grants', ...encode(r, badGrantBody(r)), headers: r() < 0.2 ? { 'idempotency-key': pick(r, ['', 'k'.repeat(500), '\u00e9', '__proto__']) } : {} };
    case 3: return { method: 'GET', path: `/api/grants?${badQuery(r)}` };
    case 4: return { method: pick(r, ['GET', 'PATCH'] as const), path: `/api/grants/${badId(r)}${r() < 0.3 ? '/history' : ''}`, ...(r() < 0.5 ? encode(r, { endsAt: '2031-01-01T00:00:00Z' }, false) : {}) };
    case 5: return { method: 'PATCH', path: `/api/grants/${grantId}`, ...encode(r, pick(r, [{ endsAt: 'not-a-date' }, { endsAt: '2000-01-01T00:00:00Z' }, { roleKeys: ['admin'] }, { startsAt: 5 }, { status: 'revoked' }, JSON.parse('{"__proto__":{"x":1},"endsAt":1}') as unknown, [], null, 'x', { endsAt: hostileValues(r)[1 + Math.floor(r() * 9)] }])) };
    case 6: {
      const encoded = encode(r, pick(r, [{ reason: 5 }, { deprovision: 'yes' }, { reason: 'x'.repeat(5000) }, { extra: true }, [], 'x', { __proto__: { deprovision: true }, reason: 1 }]));
      // An empty body is a valid revoke (the body is optional): keep it for unknown ids only.
      const target = typeof encoded.body === 'string' && encoded.body.trim() === '' ? badId(r) : r() < 0.5 ? grantId : badId(r);
      return { method: 'POST', path: `/api/grants/${target}/revoke`, ...encoded };
    }
    case 7: return { method: 'POST', path: `/api/stays${r() < 0.2 ? '?waitMs=' + pick(r, ['-1', 'abc', '99999999', '1e3']) : ''}`, ...encode(r, badStayBody(r)) };
    case 8: return { method: pick(r, ['GET', 'PATCH', 'DELETE'] as const), path: `/api/stays/${badId(r)}`, ...(r() < 0.5 ? encode(r, pick(r, [{ endsAt: 'never' }, { startsAt: 1 }, null, {}]), false) : {}) };
    case 9: return { method: 'POST', path: '/api/webhooks/seam', auth: null, ...encode(r, pick(r, [{ event_type: 'access_grant.deleted', access_grant_id: 'x' }, {}, [], hostileValues(r)[Math.floor(r() * 30)]])), headers: r() < 0.5 ? { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': pick(r, ['v1,' + 'A'.repeat(44), 'garbage', '']) } : {} };
    default: return { method: pick(r, ['GET', 'POST', 'PUT', 'DELETE'] as const), path: pick(r, ['/api/nope', '/api/grants/x/y/z', '/api/providers/x', '/api/../etc/passwd', '/api/%2e%2e/', '/api/grants/%ZZ']) };
  }
}

function expectProblem(req: Req, res: { status: number; headers: Record<string, string>; text: string }, allowed?: (status: number) => boolean) {
  const what = `${req.method} ${req.path.slice(0, 120)} (${res.status}): ${res.text.slice(0, 300)}`;
  expect(res.status, what).toBeGreaterThanOrEqual(400);
  expect(res.status, what).toBeLessThan(500);
  if (allowed) expect(allowed(res.status), what).toBe(true);
  expect(res.headers['content-type'] ?? '', what).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(res.text) as { status?: unknown; title?: unknown };
  expect(problem.status, what).toBe(res.status);
  expect(typeof problem.title, what).toBe('string');
}

describe('hostile input to the example app', () => {
  it(`answers ${REQUESTS} generated malformed or hostile requests with 4xx problem+json, never a 5xx, and stays up`, { timeout: 180_000 }, async () => {
    const r = seededRandom(SEED);
    const requests = Array.from({ length: REQUESTS }, () => generate(r));
    const failures: string[] = [];
    let failed = 0;
    const statuses = new Map<number, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < requests.length) {
          const i = next++;
          const req = requests[i]!;
          const res = await send(req);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expect(res.status, `${req.method} ${req.path}: a 5xx`).toBeLessThan(500);
          try {
            expectProblem(req, res);
          } catch (error) {
            failed++;
            if (failures.length < 15) failures.push(`#${i} ${String((error as Error).message).split('\n')[0]}`);
          }
        }
      }),
    );
    console.log(`fuzz: ${REQUESTS} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect({ failed, first: failures }, `replay with FUZZ_SEED=${SEED}`).toEqual({ failed: 0, first: [] });
    expect(app.child.exitCode).toBeNull();
    const health = await send({ method: 'GET', path: '/healthz', auth: null });
    expect(health.status).toBe(200);
    // The grant made before the run is untouched by the prototype-pollution attempts.
    expect(JSON.parse((await send({ method: 'GET', path: `/api/grants/${grantId}` })).text)).toMatchObject({ id: grantId, status: 'active' });
  });

  it('refuses a missing or wrong token on every route with a 401 problem+json', async () => {
    const routes: Req[] = [
      { method: 'POST', path: '/api/grants', body: JSON.stringify(validGrant()) },
      { method: 'GET', path: '/api/grants' },
      { method: 'GET', path: `/api/grants/${grantId}` },
      { method: 'GET', path: `/api/grants/${grantId}/history` },
      { method: 'PATCH', path: `/api/grants/${grantId}`, body: JSON.stringify({ endsAt: '2031-01-01T00:00:00Z' }) },
      { method: 'POST', path: `/api/grants/${grantId}/revoke`, body: '{}' },
      { method: 'GET', path: '/api/providers' },
      { method: 'GET', path: '/api/openapi.json' },
      { method: 'POST', path: '/api/stays', body: JSON.stringify(badStayBody(() => 0.99)) },
      { method: 'GET', path: '/api/stays/whatever' },
      { method: 'PATCH', path: '/api/stays/whatever', body: JSON.stringify({ endsAt: '2031-01-01T00:00:00Z' }) },
      { method: 'DELETE', path: '/api/stays/whatever' },
    ];
    const wrong = [null, '', 'Bearer', 'Bearer ', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${Buffer.from(`user:${TOKEN}`).toString('base64')}`, `Token ${TOKEN}`, `Bearer  ${TOKEN} extra`, 'Bearer gk_demo_' + '0'.repeat(48)];
    for (const route of routes) {
      for (const auth of wrong) {
        const res = await send({ ...route, auth });
        expectProblem({ ...route, path: `${route.path} [auth ${JSON.stringify(auth?.slice(0, 12))}]` }, res, (s) => s === 401);
      }
    }
    // The webhook is authenticated by its signature, not the token: unsigned or badly signed is refused too.
    for (const headers of [{} as Record<string, string>, { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,bad' }]) {
      const res = await send({ method: 'POST', path: '/api/webhooks/seam', auth: null, body: '{"event_type":"access_grant.deleted"}', headers });
      expectProblem({ method: 'POST', path: '/api/webhooks/seam' }, res, (s) => s === 400 || s === 401);
    }
    // And the grant is still there: none of the refused calls changed anything.
    expect(JSON.parse((await send({ method: 'GET', path: `/api/grants/${grantId}` })).text)).toMatchObject({ status: 'active' });
  });

  it('shows no secret in any response, header or log line of the runs above', () => {
    const texts = [...seen, app.output()];
    const needles: Record<string, string> = { zitadelPrivateKey: keyFile.key, zitadelKeyFile: keyFileText, zitadelPat: zitadel.pat, seamApiKey: SEAM_FAKE_SEED.apiKey, apiToken: TOKEN };
    for (const line of keyFile.key.split('\n')) if (line.length >= 24 && !line.startsWith('-----')) needles[`private key line ${line.slice(0, 6)}`] = line;
    const leaks: string[] = [];
    for (const text of texts) {
      for (const [name, needle] of Object.entries(needles)) if (text.includes(needle)) leaks.push(name);
      // The embedded fakes' keys are random per start: look for their shapes.
      if (/aw_fake_[0-9a-f]{16,}/.test(text)) leaks.push('atomicwork api key (aw_fake_...)');
      if (/whsec_[A-Za-z0-9+/=]{8,}/.test(text)) leaks.push('seam webhook secret (whsec_...)');
      if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) leaks.push('a PEM private key');
    }
    expect([...new Set(leaks)]).toEqual([]);
    expect(texts.length).toBeGreaterThan(2000);
  });
});
