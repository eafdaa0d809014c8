/**
 * The HTTP plumbing every fake shares: a node:http server on loopback (ephemeral port by default),
 * request parsing, fault injection, and a close() that ends even hung and stalled connections.
 * A fake supplies only its routes (`handler`) and its provider's error body (`errorResponse`).
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Faults, type FaultPlan } from './faults.js';

export interface FakeRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else through `stringify` as JSON. */
  body?: unknown;
}

export type FakeHandler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export interface FakeServerOptions {
  handler: FakeHandler;
  /** The provider's error response for an injected error status (or an unexpected exception). */
  errorResponse: (status: number, message: string) => FakeResponse;
  /** The fault injection to apply. Default: a new `Faults()` without rules (`server.faults`). */
  faults?: Faults;
  /** `127.0.0.1` (default) or `::1`. Never a public interface. */
  host?: '127.0.0.1' | '::1';
  /** 0 (default) for an ephemeral port. */
  port?: number;
  /** JSON writer; the Atomicwork fake passes an int64-exact one. Default JSON.stringify. */
  stringify?: (value: unknown) => string;
  /** Largest accepted request body in bytes (default 1 MiB); larger ones get a 413. */
  maxBodyBytes?: number;
}

/** A request as it arrived on the socket: the raw request target, before any URL normalisation. */
export interface ReceivedRequest {
  method: string;
  /** Exactly what the client sent, e.g. `/management/v1/users/1/grants/2` (a `..` would show here). */
  url: string;
  /** When it arrived (epoch ms): what lateness and ordering checks measure. */
  at: number;
}

/** The log keeps this many requests, dropping the oldest: a fake may serve a demo app for days. */
export const RECEIVED_LOG_LIMIT = 10_000;

export interface FakeServer {
  url: string;
  faults: Faults;
  /** Every request received (the newest RECEIVED_LOG_LIMIT), oldest first; live array. */
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startFakeServer(options: FakeServerOptions): Promise<FakeServer> {
  const faults = options.faults ?? new Faults();
  const stringify = options.stringify ?? ((v: unknown) => JSON.stringify(v));
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const sockets = new Set<Socket>();
  const received: ReceivedRequest[] = [];

  const send = (res: ServerResponse, response: FakeResponse) => {
    const isText = typeof response.body === 'string';
    const text = response.body === undefined ? '' : isText ? (response.body as string) : stringify(response.body);
    const headers: Record<string, string> = { ...response.headers };
    if (text && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
    }
    headers['content-length'] = String(Buffer.byteLength(text));
    res.writeHead(response.status, headers);
    res.end(text);
  };

  const server = createServer((req, res) => {
    received.push({ method: (req.method ?? 'GET').toUpperCase(), url: req.url ?? '', at: Date.now() });
    if (received.length > RECEIVED_LOG_LIMIT) received.splice(0, received.length - RECEIVED_LOG_LIMIT);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://fake.local');
        const request: FakeRequest = {
          method: (req.method ?? 'GET').toUpperCase(),
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          rawBody: Buffer.concat(chunks).toString('utf8'),
        };
        if (tooLarge) return send(res, options.errorResponse(413, 'Request body too large.'));
        const plan: FaultPlan = faults.plan(request.method, request.path);
        if (plan.latencyMs > 0) await delay(plan.latencyMs);
        switch (plan.action) {
          case 'hang':
            return; // never answer; close() destroys the socket
          case 'error':
            return send(res, options.errorResponse(plan.errorStatus, 'Injected fault.'));
          case 'rate_limited': {
            const limited = options.errorResponse(429, 'Too many requests.');
            return send(res, { ...limited, headers: { ...limited.headers, 'retry-after': String(plan.retryAfterSeconds) } });
          }
          default:
            break;
        }
        let response: FakeResponse;
        try {
          response = await options.handler(request);
        } catch (error) {
          response = options.errorResponse(500, `Internal error: ${(error as Error).message}`);
        }
        if (plan.action === 'reset_after_processing') {
          req.socket.destroy();
          return;
        }
        if (plan.action === 'stall_body') {
          const text = stringify(response.body ?? {});
          res.writeHead(response.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
          res.write(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
          return; // never finished; close() destroys the socket
        }
        send(res, response);
      })();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    faults,
    received,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
      return closed;
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Reads a JSON request body; undefined for an empty body; throws SyntaxError on bad JSON. */
export function readJson(req: FakeRequest): unknown {
  if (req.rawBody.trim() === '') return undefined;
  return JSON.parse(req.rawBody);
}
