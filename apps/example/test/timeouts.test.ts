/**
 * The server's own bounds on slow clients, against the BUILT app with a 2 s request timeout: a
 * client that trickles its body (or its headers) gets a 408 or is closed within the bound, and
 * other clients are served meanwhile.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp, tokenOf } from './helpers/app-process.js';

const REQUEST_TIMEOUT_MS = 2000;
/** Node checks the timeouts every 500 ms (api-server.ts); the rest is scheduling slack on a busy machine. */
const BOUND_MS = REQUEST_TIMEOUT_MS + 500 + 1500;

let app: RunningApp;
let token: string;

beforeAll(async () => {
  app = await startApp({ GRANTKIT_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) });
  token = tokenOf(app);
});
afterAll(async () => {
  await app?.cleanup();
});

interface Trickled {
  elapsedMs: number;
  /** What the server sent before it closed the connection. */
  reply: string;
}

/**
 * A raw TCP client that sends `head` and then one byte of `drip` every 100 ms, until the server
 * closes the connection (or a hard stop at 3x the bound, which fails the test).
 */
function trickle(head: string, drip: string): Promise<Trickled> {
  const { port } = new URL(app.url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let reply = '';
    let i = 0;
    const timer = setInterval(() => {
      if (i < drip.length && socket.writable) socket.write(drip[i++]!);
    }, 100);
    const hardStop = setTimeout(() => {
      socket.destroy();
      reject(new Error(`not closed in ${3 * BOUND_MS} ms; got: ${reply}`));
    }, 3 * BOUND_MS);
    socket.on('data', (d: Buffer) => (reply += d.toString('utf8')));
    socket.on('error', () => undefined); // a reset after the 408 is an acceptable close
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(hardStop);
      resolve({ elapsedMs: Date.now() - started, reply });
    });
    socket.write(head);
  });
}

/** Meanwhile: requests on other connections, with their statuses and how long each took. */
async function othersServed(whileRunning: Promise<unknown>): Promise<Array<{ status: number; ms: number }>> {
  const answers: Array<{ status: number; ms: number }> = [];
  let done = false;
  void whileRunning.finally(() => (done = true));
  while (!done && answers.length < 200) {
    const t = Date.now();
    const res = await fetch(`${app.url}/healthz`);
    await res.text();
    answers.push({ status: res.status, ms: Date.now() - t });
    await new Promise((r) => setTimeout(r, 100));
  }
  return answers;
}

// Both wait out the bound, on connections of their own: run them side by side.
describe.concurrent('slow clients', () => {
  it('a body trickled a byte at a time gets a 408 problem (or a close) within the bound; others are served', { timeout: 30_000 }, async ({ expect }) => {
    const body = JSON.stringify({ provider: 'atomicwork', reason: 'x'.repeat(200) });
    const head = `POST /api/grants HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const slow = trickle(head, body);
    const others = await othersServed(slow);
    const { elapsedMs, reply } = await slow;
    expect(elapsedMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(elapsedMs).toBeLessThanOrEqual(BOUND_MS);
    if (reply !== '') {
      expect(reply).toMatch(/^HTTP\/1\.1 408 /);
      expect(reply).toMatch(/content-type: application\/problem\+json/i);
      expect(reply).toContain('"status":408');
    }
    expect(others.length).toBeGreaterThanOrEqual(5);
    expect(others.every((o) => o.status === 200)).toBe(true);
    expect(Math.max(...others.map((o) => o.ms))).toBeLessThan(1000);
    expect(app.child.exitCode).toBeNull();
  });

  it('headers trickled a byte at a time are cut within the same bound', { timeout: 30_000 }, async ({ expect }) => {
    const head = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n';
    const { elapsedMs, reply } = await trickle(head, 'X-Slow: ' + 'a'.repeat(200));
    expect(elapsedMs).toBeLessThanOrEqual(BOUND_MS);
    if (reply !== '') expect(reply).toMatch(/^HTTP\/1\.1 408 /);
  });
});
