import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AuthError,
  ConflictError,
  ForbiddenError,
  GrantkitError,
  HttpClient,
  NetworkError,
  NotFoundError,
  ProviderError,
  RateLimitedError,
  REDACTED,
  Redactor,
  TimeoutError,
  ValidationError,
  type RequestEvent,
} from '../src/index.js';
import { ATOMICWORK_SEED_IDS, SEAM_FAKE_SEED, startAtomicworkFake, startProviderFakes, startSeamFake, startZitadelFake, ZITADEL_SEED } from '@grantkit/testing';
import { createGrantkit } from '../src/index.js';
import { AtomicworkAdapter, AtomicworkClient } from '../src/providers/atomicwork/index.js';
import { SeamAdapter, SeamClient } from '../src/providers/seam/index.js';
import { ZitadelAdapter, ZitadelClient } from '../src/providers/zitadel/index.js';
import { leaks } from './helpers/renderings.js';
import { json, startServer } from './helpers/server.js';

const API_KEY = 'seam_live_SuperSecretKey_1234567890';
const PRIVATE_KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAzG7u9xkT5m2Wv0pExampleBase64Line1AAAA\nq1w2e3r4t5y6u7i8o9p0ExampleBase64Line2BBBBBBBBBBBB\n-----END RSA PRIVATE KEY-----';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function everyRendering(error: unknown): string {
  const e = error as Error;
  return [e.message, String(e), JSON.stringify(e), e.stack ?? '', inspect(e, { depth: 5 })].join('\n');
}

/** Each case makes the server fail in a way that yields one error type, echoing the secret back. */
const cases: Array<{ name: string; type: new (...args: never[]) => GrantkitError; respond: (req: { socket: { destroy(): void } }, res: import('node:http').ServerResponse) => void; timeoutMs?: number }> = [
  { name: 'ValidationError', type: ValidationError, respond: (_q, res) => json(res, 400, { error: `bad key ${API_KEY}` }) },
  { name: 'AuthError', type: AuthError, respond: (_q, res) => json(res, 401, { error: `unknown key ${API_KEY}` }) },
  { name: 'ForbiddenError', type: ForbiddenError, respond: (_q, res) => json(res, 403, { error: API_KEY }) },
  { name: 'NotFoundError', type: NotFoundError, respond: (_q, res) => json(res, 404, { error: `no ${API_KEY}` }) },
  { name: 'ConflictError', type: ConflictError, respond: (_q, res) => json(res, 409, { error: `dup ${API_KEY}` }) },
  { name: 'RateLimitedError', type: RateLimitedError, respond: (_q, res) => json(res, 429, { error: API_KEY }, { 'retry-after': '600' }) },
  { name: 'ProviderError', type: ProviderError, respond: (_q, res) => json(res, 500, `${API_KEY} ${PRIVATE_KEY}`) },
  { name: 'TimeoutError', type: TimeoutError, respond: () => undefined, timeoutMs: 150 },
  { name: 'NetworkError', type: NetworkError, respond: (req) => req.socket.destroy() },
];

describe('secrets never leave the client', () => {
  for (const c of cases) {
    it(`${c.name}: message, toString, JSON, stack, inspect and hooks hold no secret`, async () => {
      const events: RequestEvent[] = [];
      const server = await startServer((req, res) => c.respond(req, res));
      const client = new HttpClient({
        baseUrl: server.url,
        provider: 'atomicwork',
        headers: { 'x-api-key': API_KEY, authorization: `Bearer ${API_KEY}` },
        secrets: [API_KEY, PRIVATE_KEY],
        // The provider echoes the error text into the message, as a provider mapper would.
        mapError: (r) => (r.status === 500 ? new ProviderError(`upstream said: ${r.rawBody}`, { upstreamStatus: 500 }) : undefined),
        reliability: { maxRetries: 0, timeoutMs: c.timeoutMs ?? 5000 },
        hooks: { onRequest: (e) => events.push(e), onResponse: (e) => events.push(e) },
      });
      cleanups.push(() => server.close(), () => client.close());
      const error = await client.request({ method: 'GET', path: '/s', query: { api_key: API_KEY } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(c.type);
      const rendered = everyRendering(error);
      expect(rendered).not.toContain(API_KEY);
      expect(rendered).not.toContain('SuperSecretKey');
      expect(rendered).not.toContain('ExampleBase64Line1');
      const hookText = JSON.stringify(events);
      expect(events.length).toBeGreaterThan(0);
      expect(hookText).not.toContain(API_KEY);
      expect(hookText).toContain(REDACTED);
    });
  }

  it('the 500 case really did carry the provider text (redacted, not dropped)', async () => {
    const server = await startServer((_req, res) => json(res, 500, `boom ${API_KEY}`));
    const client = new HttpClient({
      baseUrl: server.url,
      secrets: [API_KEY],
      mapError: (r) => new ProviderError(`upstream said: ${r.rawBody}`),
      reliability: { maxRetries: 0 },
    });
    cleanups.push(() => server.close(), () => client.close());
    const error = (await client.request({ method: 'GET', path: '/' }).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(`upstream said: boom ${REDACTED}`);
  });
});

describe('Redactor', () => {
  it('removes a PEM key whole, JSON-escaped, and line by line', () => {
    const r = new Redactor([PRIVATE_KEY]);
    expect(r.text(`k=${PRIVATE_KEY}`)).toBe(`k=${REDACTED}`);
    expect(r.text(JSON.stringify({ key: PRIVATE_KEY }))).not.toContain('ExampleBase64Line2');
    expect(r.text('line: q1w2e3r4t5y6u7i8o9p0ExampleBase64Line2BBBBBBBBBBBB')).toBe(`line: ${REDACTED}`);
  });

  it('masks credential headers whatever their value', () => {
    const r = new Redactor();
    expect(r.headers({ Authorization: 'Bearer x', 'X-Api-Key': 'k', accept: 'json' })).toEqual({ Authorization: REDACTED, 'X-Api-Key': REDACTED, accept: 'json' });
  });
});

/** The secret and each line of it (a PEM key leaks just as badly one base64 line at a time). */
function forms(...secrets: string[]): string[] {
  return secrets.flatMap((s) => [s, ...s.split('\n').map((l) => l.trim()).filter((l) => l.length >= 8 && !l.startsWith('-----'))]);
}

describe('objects a user can hold never show a secret', () => {
  const open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    while (open.length) await open.pop()!.close();
  });
  const keep = <T extends { close(): Promise<void> }>(value: T): T => {
    open.push(value);
    return value;
  };

  it('HttpClient (static headers, secrets, a used pool) and its Redactor', async () => {
    const server = keep(await startServer((_req, res) => json(res, 200, { ok: true })));
    const client = keep(new HttpClient({ baseUrl: server.url, headers: { 'x-api-key': API_KEY, authorization: `Bearer ${API_KEY}` }, secrets: [API_KEY, PRIVATE_KEY] }));
    await client.request({ method: 'GET', path: '/ok' });
    expect(leaks(client, forms(API_KEY, PRIVATE_KEY))).toEqual([]);
    expect(leaks(client.redactor, forms(API_KEY, PRIVATE_KEY))).toEqual([]);
    expect(leaks(new Redactor([API_KEY, PRIVATE_KEY]), forms(API_KEY, PRIVATE_KEY))).toEqual([]);
    // What they show instead: where they talk to, and that credentials were withheld.
    expect(JSON.parse(JSON.stringify(client))).toEqual({ baseUrl: server.url, credentials: REDACTED });
    expect(inspect(client, { breakLength: Infinity })).toBe(`HttpClient { baseUrl: '${server.url}', credentials: '${REDACTED}' }`);
    expect(String(client)).toBe('[HttpClient]');
  });

  it('AtomicworkClient with baseUrl and with tenant', async () => {
    const fake = keep(await startAtomicworkFake());
    const client = keep(new AtomicworkClient({ baseUrl: fake.url, apiKey: fake.apiKey, workspaceId: fake.workspaceId }));
    await client.listApps().toArray({ limit: 10 });
    expect(leaks(client, [fake.apiKey])).toEqual([]);
    expect(leaks(new AtomicworkAdapter(client), [fake.apiKey])).toEqual([]);
    // What the list methods hand out holds the client only in closures.
    expect(leaks(client.listGrants({ userIds: [ATOMICWORK_SEED_IDS.users.ada] }), [fake.apiKey])).toEqual([]);
    const tenant = keep(new AtomicworkClient({ tenant: 'acme', apiKey: API_KEY }));
    expect(leaks(tenant, [API_KEY])).toEqual([]);
    expect(JSON.parse(JSON.stringify(tenant))).toEqual({ provider: 'atomicwork', baseUrl: 'https://acme.atomicwork.com/api/v1', apiKey: REDACTED });
  });

  it('SeamClient with an API key and with a personal access token, and its namespaces', async () => {
    const fake = keep(await startSeamFake({ issueDelayMs: 5 }));
    for (const client of [
      keep(new SeamClient({ endpoint: fake.url, apiKey: fake.apiKey })),
      keep(new SeamClient({ endpoint: fake.url, personalAccessToken: fake.pat, workspaceId: fake.workspaceId })),
    ]) {
      await client.spaces.list().toArray({ limit: 10 });
      const held = [client, client.accessGrants, client.accessMethods, client.userIdentities, client.spaces, client.actionAttempts, new SeamAdapter(client), client.accessGrants.list()];
      for (const value of held) {
        expect(leaks(value, [fake.apiKey, fake.pat])).toEqual([]);
      }
    }
    expect(JSON.parse(JSON.stringify(open.at(-1)))).toEqual({ provider: 'seam', endpoint: fake.url, auth: 'personalAccessToken', workspaceId: fake.workspaceId, credentials: REDACTED });
  });

  it('ZitadelClient with a PAT, a key file object and a key file text, on v1 and v2, after tokens were fetched', async () => {
    const fake = keep(await startZitadelFake());
    const keyFile = await fake.createServiceAccountKey();
    const configs = [
      { api: 'v1' as const, personalAccessToken: fake.pat },
      { api: 'v2' as const, personalAccessToken: fake.pat },
      { api: 'v1' as const, serviceAccountKey: keyFile },
      { api: 'v2' as const, serviceAccountKey: JSON.stringify(keyFile) },
    ];
    for (const config of configs) {
      const client = keep(new ZitadelClient({ issuer: fake.url, orgId: fake.orgId, ...config }));
      await client.listGrants().toArray({ limit: 10 });
      const secrets = forms(fake.pat, keyFile.key, ...fake.accessTokens());
      expect(fake.accessTokens().length).toBe(config.serviceAccountKey ? (config.api === 'v1' ? 1 : 2) : 0);
      expect(leaks(client, secrets), JSON.stringify(Object.keys(config))).toEqual([]);
      expect(leaks(new ZitadelAdapter(client), secrets)).toEqual([]);
    }
    expect(JSON.parse(JSON.stringify(open.at(-1)))).toEqual({ provider: 'zitadel', issuer: fake.url, api: 'v2', orgId: fake.orgId, auth: 'serviceAccountKey', credentials: REDACTED });
  });

  it('a Grantkit holding all three clients, after a grant at each', async () => {
    const fakes = keep(await startProviderFakes());
    const keyFile = await fakes.zitadel.createServiceAccountKey();
    const configs = fakes.providerConfigs();
    const grantkit = keep(
      createGrantkit({
        providers: { atomicwork: configs.atomicwork, seam: configs.seam, zitadel: { issuer: configs.zitadel.issuer, orgId: configs.zitadel.orgId, serviceAccountKey: keyFile } },
      }),
    );
    await grantkit.grant({ provider: 'atomicwork', subject: { userId: ATOMICWORK_SEED_IDS.users.ada }, target: { entitlementId: ATOMICWORK_SEED_IDS.entitlements.githubEngineering } });
    await grantkit.grant({ provider: 'zitadel', subject: { userId: ZITADEL_SEED.users.alice }, target: { projectId: ZITADEL_SEED.projectId, roleKeys: ['viewer'] } });
    await grantkit.grant({ provider: 'seam', subject: { userIdentityId: SEAM_FAKE_SEED.userIdentity.id }, target: { spaceIds: [SEAM_FAKE_SEED.spaces.building] }, accessMethods: ['card'] });
    const secrets = forms(...fakes.secrets, keyFile.key, ...fakes.zitadel.accessTokens());
    expect(fakes.zitadel.accessTokens()).toHaveLength(1);
    expect(leaks(grantkit, secrets)).toEqual([]);
    // Logged or printed, it is a short summary, not its clients, store and logger.
    expect(JSON.parse(JSON.stringify({ grantkit }))).toEqual({ grantkit: { providers: ['atomicwork', 'seam', 'zitadel'], store: 'MemoryGrantStore' } });
    expect(inspect(grantkit, { depth: Infinity })).toMatch(/^Grantkit \{/);
    expect(Object.keys(grantkit)).toEqual([]);
  });

  it('the check itself finds a secret in a plain property, a getter, a nested Map and a non-enumerable field', () => {
    const secret = 'sk_this_is_visible_123';
    class Leaky {
      readonly holder = new Map([['k', { deep: [secret] }]]);
      get token() {
        return secret;
      }
    }
    const hidden = Object.defineProperty({}, 'x', { value: secret, enumerable: false });
    expect(leaks({ headers: { 'x-api-key': secret } }, [secret]).length).toBeGreaterThan(0);
    expect(leaks(new Leaky(), [secret]).join('\n')).toMatch(/reflective walk/);
    expect(leaks(hidden, [secret]).join('\n')).toMatch(/reflective walk/);
    class Safe {
      readonly #secret = secret;
      use() {
        return this.#secret.length;
      }
    }
    expect(leaks(new Safe(), [secret])).toEqual([]);
  });
});
