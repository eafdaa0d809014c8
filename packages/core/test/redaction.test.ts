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
