import { connect } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { Faults, startFakeServer, type FakeServer } from '../src/index.js';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(faults = new Faults(1)) {
  let processed = 0;
  server = await startFakeServer({
    faults,
    handler: () => {
      processed++;
      return { status: 200, body: { ok: true, processed } };
    },
    errorResponse: (status, message) => ({ status, body: { error: message } }),
  });
  return { url: server.url, processed: () => processed };
}

describe('fake server plumbing', () => {
  it('binds loopback on an ephemeral port', async () => {
    const { url } = await start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await request(`${url}/x`);
    expect(await res.body.json()).toEqual({ ok: true, processed: 1 });
  });

  it('injects an error status on a route only, without processing', async () => {
    const faults = new Faults(1).add({ route: 'POST /a', errorRate: 1, errorStatus: 502 });
    const { url, processed } = await start(faults);
    expect((await request(`${url}/a`, { method: 'POST' })).statusCode).toBe(502);
    expect((await request(`${url}/b`, { method: 'POST' })).statusCode).toBe(200);
    expect(processed()).toBe(1);
  });

  it('limits requests per second with 429 and Retry-After', async () => {
    const faults = new Faults(1).rateLimit(3, { retryAfterSeconds: 2 });
    const { url } = await start(faults);
    const statuses: number[] = [];
    let retryAfter: string | string[] | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await request(`${url}/r`);
      await res.body.text();
      statuses.push(res.statusCode);
      if (res.statusCode === 429) retryAfter = res.headers['retry-after'];
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(retryAfter).toBe('2');
  });

  it('resets the connection after processing (the write happened, the reply is lost)', async () => {
    const faults = new Faults(1).add({ resetAfterProcessingRate: 1, times: 1 });
    const { url, processed } = await start(faults);
    await expect(request(`${url}/w`, { method: 'POST' })).rejects.toThrow();
    expect(processed()).toBe(1);
    expect((await request(`${url}/w`, { method: 'POST' })).statusCode).toBe(200);
  });

  it('stalls a body half way and applies fixed latency', async () => {
    const faults = new Faults(1).add({ route: '/slow', latencyMs: 200 }).add({ route: '/stall', stallBodyRate: 1 });
    const { url } = await start(faults);
    const t0 = Date.now();
    await (await request(`${url}/slow`)).body.text();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    const stalled = await request(`${url}/stall`, { bodyTimeout: 300 });
    expect(stalled.statusCode).toBe(200);
    await expect(stalled.body.text()).rejects.toThrow();
    expect(faults.counters.stalls).toBe(1);
  });

  it('logs every request as it arrived on the socket, dot segments and escapes included', async () => {
    const { url } = await start();
    const { port } = new URL(url);
    // A raw request line: no client library gets a chance to normalise the path first.
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.end('DELETE /users/1/grants/.. HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
      socket.on('error', reject);
      socket.on('close', () => resolve());
      socket.resume();
    });
    const before = Date.now();
    await request(`${url}/a%2e%2e/b?x=1`);
    expect(server?.received).toEqual([
      { method: 'DELETE', url: '/users/1/grants/..', at: expect.any(Number) },
      { method: 'GET', url: '/a%2e%2e/b?x=1', at: expect.any(Number) },
    ]);
    // When it arrived: in order, and the second after the moment it was sent.
    expect(server!.received[1]!.at).toBeGreaterThanOrEqual(server!.received[0]!.at);
    expect(server!.received[1]!.at).toBeGreaterThanOrEqual(before);
  });
});
