/**
 * The app's HTTP server, owned here rather than by Nest, so that:
 *
 * - the port is held before anything else happens: a second instance fails on it before it can
 *   touch the running one's files (the app answers 503 until it is ready);
 * - a client has a bounded time to send its request: headers within 10 s, the whole request
 *   (headers and body) within `requestTimeoutMs`, else a 408 and the connection closes;
 * - a shutdown drains: no new connections; requests in flight finished, and any request on a
 *   connection opened before, answered with `Connection: close`; idle keep-alive connections
 *   closed after a short grace; then every connection is gone.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { Server as NetServer, type AddressInfo, type Socket } from 'node:net';
import { problem, PROBLEM_CONTENT_TYPE } from '@grantkit/core';
import { AppConfigError } from './config.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Longest wait for the request headers; a JSON API's headers are a few hundred bytes. */
const HEADERS_TIMEOUT_MS = 10_000;
/** How often Node checks the two timeouts above (its default, 30 s, would let them run over by that much). */
const TIMEOUT_CHECK_INTERVAL_MS = 500;
/**
 * On shutdown, how long an idle keep-alive connection stays open for a request already on its way
 * (a client sends its next one within a round trip); it is answered with `Connection: close`.
 */
const IDLE_GRACE_MS = 1_000;

export interface ApiServerOptions {
  port: number;
  host: string;
  requestTimeoutMs: number;
}

export interface ApiServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  /** Hands requests to the app from now on (until then they get a 503). */
  serve(handler: Handler): void;
  /**
   * Stops accepting connections, lets requests in flight (and any arriving on an open connection)
   * finish with `Connection: close`, closes idle connections after a short grace; after
   * `timeoutMs` the rest are cut. Resolves with how many requests were cut.
   */
  drain(timeoutMs: number): Promise<number>;
}

export async function listenApi({ port, host, requestTimeoutMs }: ApiServerOptions): Promise<ApiServer> {
  let handler: Handler = starting;
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  const server = createServer(
    { requestTimeout: requestTimeoutMs, headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeoutMs), connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS },
    (req, res) => {
      inFlight.add(res);
      res.once('close', () => inFlight.delete(res));
      // A request that came on a connection opened before the shutdown: its last one.
      if (draining) res.setHeader('connection', 'close');
      handler(req, res);
    },
  );
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, port, host)));
    server.listen(port, host, resolve);
  });

  // Through the poll phase first: after a busy spell the timer can fire before the sockets
  // with a request waiting are read, and closing those would reset the request.
  const closeIdle = () => setImmediate(() => server.closeIdleConnections());

  const bound = (server.address() as AddressInfo).port;
  const urlHost = host === '::1' || host === '::' ? '[::1]' : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${urlHost}:${bound}`,
    serve(next) {
      handler = next;
    },
    async drain(timeoutMs) {
      draining = true;
      for (const res of inFlight) {
        if (!res.headersSent) res.setHeader('connection', 'close');
        // One whose headers already went out keeps its connection: close it once idle, after the grace.
        else res.once('finish', () => setTimeout(closeIdle, IDLE_GRACE_MS));
      }
      // One turn of the event loop first, so connections already waiting to be accepted are
      // accepted (and answered below) rather than reset by the closing listener.
      await new Promise((resolve) => setImmediate(resolve));
      // net.Server's close stops accepting and waits for the open connections. http.Server's
      // own close() would also drop the idle keep-alive ones at once, resetting any request a
      // client has just sent on one: those get IDLE_GRACE_MS to arrive and be answered first.
      const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
      const grace = setTimeout(closeIdle, IDLE_GRACE_MS);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
      const outcome = await Promise.race([closed, late]);
      clearTimeout(timer);
      clearTimeout(grace);
      if (outcome !== 'late') return 0;
      const cut = inFlight.size;
      server.closeAllConnections();
      await closed;
      return cut;
    },
  };
}

/** Before the app is ready. */
function starting(_req: IncomingMessage, res: ServerResponse): void {
  const body = problemText(503, 'starting', 'The app is starting; try again in a moment.');
  res.writeHead(503, { 'content-type': PROBLEM_CONTENT_TYPE, 'retry-after': '1', connection: 'close' }).end(body);
}

/**
 * Node's answer to a request it could not take (too slow, malformed, headers too large), as a
 * problem+json like every other error of the API. Only when nothing of a response went out yet.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  const code = error.code ?? '';
  const started = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage?.headersSent === true;
  if (socket.writable && !started && (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code.startsWith('HPE_'))) {
    const status = code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const detail =
      status === 408 ? 'The request was not received in time.' : status === 431 ? 'The request headers are too large.' : 'The request is not valid HTTP.';
    const body = problemText(status, status === 408 ? 'request_timeout' : 'bad_request', detail);
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** core's problem, titled with the status's reason phrase (core's table has no 408, 431 or 503). */
function problemText(status: number, code: string, detail: string): string {
  return JSON.stringify({ ...problem(status, code, detail), title: STATUS_CODES[status] ?? 'Error' });
}

function listenError(error: NodeJS.ErrnoException, port: number, host: string): Error {
  switch (error.code) {
    case 'EADDRINUSE':
      return new AppConfigError([`PORT ${port} is already in use on ${host}: stop the other process, or set another PORT (e.g. PORT=3001 pnpm start).`]);
    case 'EACCES':
      return new AppConfigError([`PORT ${port} needs privileges this process does not have; use a port above 1023.`]);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new AppConfigError([`HOST ${host} is not an address of this machine; use 127.0.0.1 (local only) or 0.0.0.0 (every interface).`]);
    default:
      return error;
  }
}
