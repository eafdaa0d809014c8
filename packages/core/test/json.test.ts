import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient, isInt64String, jsonInt, parseJson, stringifyJson } from '../src/index.js';
import { json, startServer } from './helpers/server.js';

const BIG = '9007199254740993'; // 2^53 + 1: JSON.parse turns it into ...992

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('int64-safe JSON', () => {
  it('shows the problem it solves', () => {
    expect(String(JSON.parse(BIG))).toBe('9007199254740992');
  });

  it('parses an unsafe integer as its exact digits and leaves safe numbers alone', () => {
    expect(parseJson(`{"id":${BIG},"n":42,"f":1.5,"neg":-${BIG},"arr":[${BIG}]}`)).toEqual({ id: BIG, n: 42, f: 1.5, neg: `-${BIG}`, arr: [BIG] });
  });

  it('keeps a __proto__ key as data on the lossless path', () => {
    const value = parseJson(`{"__proto__":{"polluted":true},"id":${BIG}}`) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toContain('__proto__');
  });

  it('writes jsonInt values as bare numbers with exact digits', () => {
    expect(stringifyJson({ user_id: jsonInt(BIG), name: 'x' })).toBe(`{"user_id":${BIG},"name":"x"}`);
  });

  it('validates int64 strings', () => {
    expect(isInt64String('9223372036854775807')).toBe(true);
    expect(isInt64String('9223372036854775808')).toBe(false);
    expect(isInt64String('12a')).toBe(false);
    expect(isInt64String('')).toBe(false);
  });

  it('round-trips an ID above 2^53 through a real server in both directions', async () => {
    const server = await startServer((req, res) => {
      // Echo the raw text back: the server sees the exact digits we sent.
      json(res, 200, `{"received":${req.body},"id":${BIG}}`);
    });
    const client = new HttpClient({ baseUrl: server.url });
    cleanups.push(() => server.close(), () => client.close());
    const res = await client.request<{ received: { grant_id: string }; id: string }>({ method: 'POST', path: '/echo', body: { grant_id: jsonInt(BIG) } });
    expect(server.requests[0]!.body).toBe(`{"grant_id":${BIG}}`);
    expect(res.body.id).toBe(BIG);
    expect(res.body.received.grant_id).toBe(BIG);
  });
});
