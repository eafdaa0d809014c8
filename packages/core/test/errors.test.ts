import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';

describe('error hierarchy', () => {
  const made: core.GrantkitError[] = [
    new core.ConfigError('c'),
    new core.ValidationError('v', [{ path: 'a.b', message: 'm' }]),
    new core.AuthError('a'),
    new core.ForbiddenError('f'),
    new core.NotFoundError('n'),
    new core.ConflictError('c'),
    new core.RateLimitedError('r', { retryAfterMs: 10 }),
    new core.TimeoutError('t'),
    new core.NetworkError('n'),
    new core.ProviderError('p', { upstreamStatus: 503 }),
    new core.AbortError(),
  ];

  it('every error is a GrantkitError with its own name and code', () => {
    const codes = new Set<string>();
    for (const e of made) {
      expect(core.isGrantkitError(e)).toBe(true);
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(e.constructor.name);
      codes.add(e.code);
    }
    expect(codes.size).toBe(made.length);
    expect(core.isGrantkitError(new Error('x'))).toBe(false);
  });

  it('maps to the HTTP statuses the adapters use', () => {
    expect(made.map((e) => e.status)).toEqual([undefined, 400, 401, 403, 404, 409, 429, 504, 502, 502, 499]);
  });

  it('serialises without cause or stack', () => {
    const e = new core.ProviderError('p', { cause: new Error('inner secret'), provider: 'seam', requestId: 'req_1' });
    const text = JSON.stringify(e);
    expect(text).not.toContain('inner secret');
    expect(text).not.toContain('stack');
    expect(JSON.parse(text)).toMatchObject({ code: 'provider_error', provider: 'seam', requestId: 'req_1' });
  });

  it('isOutcomeUnknown is true only for uncertain timeouts and resets', () => {
    expect(core.isOutcomeUnknown(new core.TimeoutError('t'))).toBe(true);
    expect(core.isOutcomeUnknown(new core.NetworkError('n', { outcomeUnknown: true }))).toBe(true);
    expect(core.isOutcomeUnknown(new core.NetworkError('n'))).toBe(false);
    expect(core.isOutcomeUnknown(new core.ProviderError('p'))).toBe(false);
  });
});

describe('nullIfNotFound', () => {
  it('turns a NotFoundError into null and lets every other error through', async () => {
    expect(await core.nullIfNotFound(Promise.resolve(5))).toBe(5);
    expect(await core.nullIfNotFound(Promise.reject(new core.NotFoundError('gone')))).toBeNull();
    await expect(core.nullIfNotFound(Promise.reject(new core.ProviderError('down')))).rejects.toBeInstanceOf(core.ProviderError);
  });
});
