import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, ConfigError, HttpClient, ProviderError, RateLimitedError, TimeoutError, ValidationError, isGrantkitError, isOutcomeUnknown } from '../src/index.js';
import { pathSegment } from '../src/http/path.js';
import { AtomicworkClient } from '../src/providers/atomicwork/index.js';
import { SeamClient } from '../src/providers/seam/index.js';
import { ZitadelClient } from '../src/providers/zitadel/index.js';
import { json, startServer } from './helpers/server.js';

type Started = Awaited<ReturnType<typeof startServer>>;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(handler: Parameters<typeof startServer>[0], options: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
  const server: Started = await startServer(handler);
  const { reliability, ...rest } = options;
  const client = new HttpClient({ baseUrl: server.url, provider: 'seam', ...rest, reliability: { baseDelayMs: 10, maxDelayMs: 50, ...reliability } });
  cleanups.push(() => server.close(), () => client.close());
  return { server, client };
}

describe('retries', () => {
  it('retries a GET after a 503 and returns the success', async () => {
    const { server, client } = await setup((_req, res, n) => (n === 1 ? json(res, 503, { error: 'down' }) : json(res, 200, { ok: true })));
    const res = await client.request({ method: 'GET', path: '/thing' });
    expect(res.body).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after maxRetries and throws a retryable ProviderError', async () => {
    const { server, client } = await setup((_req, res) => json(res, 502, { error: 'bad gateway' }), { reliability: { maxRetries: 3 } });
    const error = await client.request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).retryable).toBe(true);
    expect((error as ProviderError).upstreamStatus).toBe(502);
    expect(server.requests).toHaveLength(4);
  });

  it('honours Retry-After in seconds on 429', async () => {
    const { server, client } = await setup((_req, res, n) => (n === 1 ? json(res, 429, {}, { 'retry-after': '1' }) : json(res, 200, { done: 1 })));
    await client.request({ method: 'GET', path: '/r' });
    const gap = server.requests[1]!.at - server.requests[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(gap).toBeLessThan(2500);
  });

  it('honours Retry-After as an HTTP-date', async () => {
    const when = new Date(Date.now() + 2000).toUTCString();
    const { server, client } = await setup((_req, res, n) => (n === 1 ? json(res, 503, {}, { 'retry-after': when }) : json(res, 200, {})));
    await client.request({ method: 'GET', path: '/r' });
    const gap = server.requests[1]!.at - server.requests[0]!.at;
    // HTTP-dates have one-second resolution: the wait is between 1 s and 2 s.
    expect(gap).toBeGreaterThanOrEqual(900);
    expect(gap).toBeLessThan(3000);
  });

  it('does not wait out a Retry-After beyond the cap', async () => {
    const { server, client } = await setup((_req, res) => json(res, 429, { error: 'slow down' }, { 'retry-after': '120' }), { reliability: { maxRetryAfterMs: 5000 } });
    const error = await client.request({ method: 'GET', path: '/r' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(120_000);
    expect(server.requests).toHaveLength(1);
  });

  it('never retries an unsafe POST after a 503', async () => {
    const { server, client } = await setup((_req, res) => json(res, 503, {}));
    await expect(client.request({ method: 'POST', path: '/create', body: { a: 1 } })).rejects.toBeInstanceOf(ProviderError);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a POST the caller marks idempotent', async () => {
    const { server, client } = await setup((_req, res, n) => (n === 1 ? json(res, 503, {}) : json(res, 200, { ok: 1 })));
    await client.request({ method: 'POST', path: '/list', body: [], idempotent: true });
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a 400', async () => {
    const { server, client } = await setup((_req, res) => json(res, 400, { error: 'bad' }));
    await expect(client.request({ method: 'GET', path: '/x' })).rejects.toBeInstanceOf(ValidationError);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a GET whose connection was reset', async () => {
    const { server, client } = await setup((req, res, n) => {
      if (n === 1) req.socket.destroy();
      else json(res, 200, { ok: true });
    });
    const res = await client.request({ method: 'GET', path: '/reset' });
    expect(res.body).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it('reports a reset POST as a network error whose outcome is unknown, without retrying', async () => {
    const { server, client } = await setup((req) => req.socket.destroy());
    const error = await client.request({ method: 'POST', path: '/create', body: {} }).catch((e: unknown) => e);
    expect(isGrantkitError(error) && error.code).toBe('network_error');
    expect((error as { outcomeUnknown: boolean }).outcomeUnknown).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('keeps an idempotent write outcome-unknown when a later attempt only gets a 429 or 503', async () => {
    for (const status of [429, 503]) {
      // Attempt 1 is applied but its reply is lost; attempts 2 and 3 are refused without processing.
      const { server, client } = await setup((req, res, n) => (n === 1 ? req.socket.destroy() : json(res, status, {}, { 'retry-after': '0' })), { reliability: { maxRetries: 2 } });
      const error = await client.request({ method: 'POST', path: '/create', body: {}, idempotent: true }).catch((e: unknown) => e);
      expect(server.requests).toHaveLength(3);
      expect(isOutcomeUnknown(error), `after a ${status}`).toBe(true);
    }
  });

  it('still reports a definite 4xx answer after an unknown attempt (the caller resolves a 409)', async () => {
    const { client } = await setup((req, res, n) => (n === 1 ? req.socket.destroy() : json(res, 409, { error: 'exists' })));
    const error = await client.request({ method: 'POST', path: '/create', body: {}, idempotent: true }).catch((e: unknown) => e);
    expect(isGrantkitError(error) && error.code).toBe('conflict');
  });

  it('calls onRetry with the delay and the typed error', async () => {
    const retries: Array<{ delayMs: number; code: string }> = [];
    const { client } = await setup((_req, res, n) => (n < 3 ? json(res, 500, {}) : json(res, 200, {})), {
      hooks: { onRetry: (e) => retries.push({ delayMs: e.delayMs, code: e.error.code }) },
    });
    await client.request({ method: 'GET', path: '/h' });
    expect(retries).toHaveLength(2);
    expect(retries.every((r) => r.code === 'provider_error' && r.delayMs >= 0 && r.delayMs <= 50)).toBe(true);
  });
});

describe('timeouts and abort', () => {
  it('times out on a stalled body and retries a GET', async () => {
    const { server, client } = await setup(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"partial":');
      },
      { reliability: { timeoutMs: 300, maxRetries: 1 } },
    );
    const started = Date.now();
    const error = await client.request({ method: 'GET', path: '/stall' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(server.requests).toHaveLength(2);
  });

  it('times out when headers never come', async () => {
    const { client } = await setup(() => undefined, { reliability: { timeoutMs: 200, maxRetries: 0 } });
    await expect(client.request({ method: 'GET', path: '/silent' })).rejects.toBeInstanceOf(TimeoutError);
  });

  it('stops retrying as soon as the signal aborts', async () => {
    const { server, client } = await setup((_req, res) => json(res, 503, {}, { 'retry-after': '2' }), { reliability: { maxRetries: 5 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    await expect(client.request({ method: 'GET', path: '/a', signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(server.requests).toHaveLength(1);
  });

  it('aborts a request in flight when the signal aborts, long before the timeout', async () => {
    const { client } = await setup(() => undefined, { reliability: { timeoutMs: 10_000, maxRetries: 0 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await expect(client.request({ method: 'GET', path: '/silent', signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('leaves no listener on the caller signal after a request', async () => {
    const { client } = await setup((_req, res) => json(res, 200, {}));
    const controller = new AbortController();
    const added: unknown[] = [];
    const removed: unknown[] = [];
    const { signal } = controller;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    type Listener = Parameters<typeof add>[1];
    signal.addEventListener = ((type: 'abort', fn: Listener, o?: Parameters<typeof add>[2]) => (added.push(fn), add(type, fn, o))) as typeof signal.addEventListener;
    signal.removeEventListener = ((type: 'abort', fn: Listener) => (removed.push(fn), remove(type, fn))) as typeof signal.removeEventListener;
    for (let i = 0; i < 3; i++) await client.request({ method: 'GET', path: '/a', signal });
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((fn) => removed.includes(fn))).toBe(true);
  });

  it('rejects at once with an already aborted signal', async () => {
    const { server, client } = await setup((_req, res) => json(res, 200, {}));
    await expect(client.request({ method: 'GET', path: '/a', signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('client-side limits', () => {
  it('caps requests per second', async () => {
    const { server, client } = await setup((_req, res) => json(res, 200, {}), { reliability: { requestsPerSecond: 10 } });
    const started = Date.now();
    await Promise.all(Array.from({ length: 15 }, () => client.request({ method: 'GET', path: '/rl' })));
    // 15 starts spaced 100 ms apart take at least 1.4 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1300);
    const times = server.requests.map((r) => r.at).sort((a, b) => a - b);
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((t) => t >= times[i]! && t < times[i]! + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(11);
    }
  });

  it('caps requests in flight', async () => {
    const { server, client } = await setup((_req, res) => setTimeout(() => json(res, 200, {}), 50), { reliability: { maxConcurrency: 2 } });
    await Promise.all(Array.from({ length: 8 }, () => client.request({ method: 'GET', path: '/c' })));
    expect(server.maxConcurrent()).toBe(2);
    expect(server.requests).toHaveLength(8);
  });
});

describe('requests', () => {
  it('sends query arrays as repeated keys and null as an empty value', async () => {
    const { server, client } = await setup((_req, res) => json(res, 200, {}));
    await client.request({ method: 'GET', path: '/q', query: { ids: ['a', 'b'], empty: null, skip: undefined, n: 3 } });
    expect(server.requests[0]!.url).toBe('/q?ids=a&ids=b&empty=&n=3');
  });

  it('returns accepted error statuses instead of throwing', async () => {
    const { client } = await setup((_req, res) => json(res, 404, { error: 'gone' }));
    const res = await client.request({ method: 'DELETE', path: '/d', acceptStatuses: [404] });
    expect(res.status).toBe(404);
  });

  it('rejects a malformed JSON success body as a ProviderError', async () => {
    const { client } = await setup((_req, res) => json(res, 200, '{"broken":'));
    await expect(client.request({ method: 'GET', path: '/m' })).rejects.toBeInstanceOf(ProviderError);
  });
});

describe('no path can change the route', () => {
  // Each of these, sent as is, would reach another route: new URL() resolves dot segments (also
  // %2e-encoded ones), and escapes or separators split or end the path.
  const hostile = [
    '/users/1/grants/..',
    '/users/1/grants/.',
    '/users/1/grants/../_deactivate',
    '/users/1/grants/%2e%2e',
    '/users/1/grants/%2E%2e/x',
    '/users/1/grants/a%2Fb',
    '/users/1/grants/a%5Cb',
    '/users/1/grants/a\\b',
    '/users/1/grants/a?b',
    '/users/1/grants/a#b',
    '/users/1/grants/',
    '/users//grants/2',
    '/users/1/grants/ 2',
    '/users/1/grants/\u2024\u2024',
    'users/1',
    '',
  ];
  for (const path of hostile) {
    it(`refuses ${JSON.stringify(path)} before sending anything`, async () => {
      const { server, client } = await setup((_req, res) => json(res, 200, {}));
      const error = await client.request({ method: 'DELETE', path }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([expect.objectContaining({ path: 'path' })]);
      expect(server.requests).toHaveLength(0);
    });
  }

  it('sends safe paths unchanged, dots inside a segment included (Connect RPC paths)', async () => {
    const { server, client } = await setup((_req, res) => json(res, 200, {}));
    await client.request({ method: 'POST', path: '/zitadel.authorization.v2.AuthorizationService/ListAuthorizations', body: {} });
    await client.request({ method: 'GET', path: '/' });
    expect(server.requests.map((r) => r.url)).toEqual(['/zitadel.authorization.v2.AuthorizationService/ListAuthorizations', '/']);
  });

  it('pathSegment admits ids of letters, digits, "-" and "_" only, naming the field', () => {
    expect(pathSegment('69629012906488334', 'grantId')).toBe('69629012906488334');
    expect(pathSegment('a-B_9', 'id')).toBe('a-B_9');
    for (const bad of ['.', '..', '%2e%2e', 'a/b', 'a.b', 'a~b', '', ' 1', '1\n', 'x'.repeat(201), 42, undefined]) {
      let error: unknown;
      try {
        pathSegment(bad, 'grantId', 'zitadel');
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(bad)).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toBe('grantId');
      expect((error as ValidationError).provider).toBe('zitadel');
    }
  });
});

describe('credentials go over https only (plain http for loopback alone)', () => {
  const key = 'seam_live_notSentAnywhere_123';
  const refused = ['http://203.0.113.5', 'http://api.example.com/v1', 'http://10.0.0.1:8080', 'http://[::ffff:127.0.0.1]', 'http://localhost.', 'http://127.0.0.1.nip.io'];
  const allowed = ['https://203.0.113.5', 'http://127.0.0.1:1', 'http://127.8.9.10', 'http://localhost:1', 'http://[::1]:1', 'http://127.1'];
  const clients: Array<[string, (url: string) => { close(): Promise<void> }]> = [
    ['HttpClient baseUrl', (url) => new HttpClient({ baseUrl: url, secrets: [key], headers: { 'x-api-key': key } })],
    ['AtomicworkClient baseUrl', (url) => new AtomicworkClient({ baseUrl: url, apiKey: key })],
    ['SeamClient endpoint', (url) => new SeamClient({ endpoint: url, apiKey: key })],
    ['ZitadelClient issuer', (url) => new ZitadelClient({ issuer: url, personalAccessToken: key })],
  ];
  for (const [name, make] of clients) {
    it(`${name}: refuses plain http to a non-loopback host with a ConfigError that shows the fix`, async () => {
      for (const url of refused) {
        let error: unknown;
        try {
          await make(url).close();
        } catch (e) {
          error = e;
        }
        expect(error, url).toBeInstanceOf(ConfigError);
        const message = (error as ConfigError).message;
        expect(message).toContain(name);
        expect(message).toMatch(/must use https/);
        expect(message).toContain(`"https://${new URL(url).host}"`);
        expect(message).toContain('loopback (127.0.0.0/8, ::1, localhost)');
        expect(JSON.stringify(error)).not.toContain(key);
      }
      for (const url of allowed) await make(url).close();
    });
  }

  it('never echoes credentials put into the URL', () => {
    const error = (() => {
      try {
        new SeamClient({ endpoint: `http://user:${key}@203.0.113.5`, apiKey: 'seam_other_key_123' });
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).not.toContain(key);
    expect(error.message).toMatch(/user name or password/);
  });
});
