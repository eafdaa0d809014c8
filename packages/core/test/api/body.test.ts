/**
 * readJsonBody's HTTP rules that the adapters (Express router, Nest controller, the example's
 * parser) share: the content coding it refuses, and a too-large body read to its end before the
 * 413 so the client can receive it (over a real loopback server, as clients meet it).
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonBody, toProblem } from '../../src/index.js';

const json = { 'content-type': 'application/json' };
const source = (chunks: Buffer[], headers: Record<string, string>) => Object.assign(Readable.from(chunks), { headers });

describe('readJsonBody: Content-Encoding', () => {
  const body = Buffer.from('{"a":1}');
  const withCoding = (coding: string) => source([body], { ...json, 'content-length': String(body.length), 'content-encoding': coding });

  it.each(['gzip', 'compress', 'x-unknown', 'deflate', 'br', 'identity, gzip'])('answers 415 for %s, which it does not decode', async (coding) => {
    await expect(readJsonBody(withCoding(coding))).rejects.toMatchObject({ problem: { status: 415, code: 'unsupported_media_type' } });
  });

  it('reads a body sent as is: no Content-Encoding, or identity', async () => {
    expect(await readJsonBody(source([body], { ...json, 'content-length': String(body.length) }))).toEqual({ a: 1 });
    expect(await readJsonBody(withCoding('identity'))).toEqual({ a: 1 });
    expect(await readJsonBody(withCoding('IDENTITY'))).toEqual({ a: 1 });
  });
});

describe('readJsonBody: a body over the limit', () => {
  const chunks = (count: number, size: number) => Array.from({ length: count }, () => Buffer.alloc(size, 32));

  it('reads a too-large body to its end before the 413, declared or chunked', async () => {
    const declared = source(chunks(40, 100_000), { ...json, 'content-length': '4000000' });
    await expect(readJsonBody(declared)).rejects.toMatchObject({ problem: { status: 413 } });
    expect(declared.readableEnded).toBe(true);
    const chunked = source(chunks(40, 100_000), { ...json, 'transfer-encoding': 'chunked' });
    await expect(readJsonBody(chunked, { limit: 4096 })).rejects.toMatchObject({ problem: { status: 413 } });
    expect(chunked.readableEnded).toBe(true);
  });

  it('stops reading past the discard limit without destroying the request', async () => {
    const endless = source(chunks(100, 64 * 1024), { ...json, 'transfer-encoding': 'chunked' });
    await expect(readJsonBody(endless, { limit: 1024, discardLimit: 256 * 1024 })).rejects.toMatchObject({ problem: { status: 413 } });
    expect(endless.readableEnded).toBe(false);
    expect(endless.destroyed).toBe(false);
    const declared = source(chunks(1, 10), { ...json, 'content-length': String(300 * 1024) });
    await expect(readJsonBody(declared, { limit: 1024, discardLimit: 256 * 1024 })).rejects.toMatchObject({ problem: { status: 413 } });
  });

  it('answers 400, not a 500, for a body cut off mid-stream', async () => {
    const broken = Object.assign(
      new Readable({
        read() {
          this.push(Buffer.from('{"a":'));
          this.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
        },
      }),
      { headers: { ...json, 'transfer-encoding': 'chunked' } },
    );
    const error = await readJsonBody(broken).catch((e: unknown) => e);
    expect(toProblem(error)).toMatchObject({ status: 400, code: 'body_incomplete' });
  });

  it('hands the exact bytes to onBytes before parsing', async () => {
    const seen: string[] = [];
    const text = '{"id": 9007199254740993}';
    const parsed = await readJsonBody(source([Buffer.from(text)], { ...json, 'content-length': String(text.length) }), { onBytes: (b) => seen.push(b.toString('utf8')) });
    expect(parsed).toEqual({ id: '9007199254740993' });
    expect(seen).toEqual([text]);
  });
});

describe('readJsonBody behind a real HTTP server', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    // What the Express router does: 413 with Connection: close (the body may not have been read).
    server = createServer((req, res) => {
      readJsonBody(req).then(
        () => res.writeHead(201).end('{}'),
        (error: unknown) => {
          const p = toProblem(error);
          res.writeHead(p.status, { 'content-type': 'application/problem+json', connection: 'close' }).end(JSON.stringify(p));
        },
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  // Answering and closing while a client is still sending is what made 28 of 40 clients see EPIPE.
  it('every client sending a 4,090,000-byte body gets the 413, none a reset', { timeout: 30_000 }, async () => {
    const body = Buffer.alloc(4_090_000, 'a');
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      // Settled when the request is over: an error at any point (an EPIPE after the answer too) wins.
      const outcome = await new Promise<string>((resolve) => {
        let status: string | undefined;
        let error: string | undefined;
        const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', agent: false, headers: { ...json, 'content-length': body.length } }, (res) => {
          res.resume();
          res.on('end', () => (status = String(res.statusCode)));
          res.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
        });
        req.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
        req.on('close', () => resolve(error ?? status ?? 'no answer'));
        req.end(body);
      });
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    expect(Object.fromEntries(outcomes)).toEqual({ 413: 40 });
  });
});
