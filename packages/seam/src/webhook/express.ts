/**
 * `seamWebhookMiddleware`: Seam webhooks in Express (4 or 5). It reads the raw body itself, because
 * the signature covers the exact bytes; it is typed against node:http, so this package needs no
 * express dependency.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { problem, problemHeaders, type ProblemDetails } from '@grantkit/core';
import { handleSeamWebhook, type SeamWebhookOptions, type SeamWebhookReply } from './handle.js';

export interface SeamWebhookMiddlewareOptions extends SeamWebhookOptions {
  /** Largest body accepted, in bytes; larger answers 413. Default 1 MiB (Seam events are a few KB). */
  limitBytes?: number;
}

type Request = IncomingMessage & { body?: unknown };
type Next = (error?: unknown) => void;

/**
 * `app.post('/webhooks/seam', seamWebhookMiddleware({ secret, onEvent }))`. Mount it before
 * `express.json()` (or behind `express.raw({ type: 'application/json' })`): when a JSON parser
 * already consumed the body, it answers 400 saying so.
 */
export function seamWebhookMiddleware(options: SeamWebhookMiddlewareOptions) {
  const limit = options.limitBytes ?? 1024 * 1024;
  return (req: Request, res: ServerResponse, next?: Next): void => {
    run(req, res, options, limit).catch((error: unknown) => (next ? next(error) : res.destroy(error as Error)));
  };
}

async function run(req: Request, res: ServerResponse, options: SeamWebhookOptions, limit: number): Promise<void> {
  let raw: string | Uint8Array;
  if (Buffer.isBuffer(req.body) || typeof req.body === 'string') {
    raw = req.body; // express.raw() / express.text() kept the bytes.
  } else if (req.readableEnded || !unparsed(req.body)) {
    send(res, problemReply(problem(400, 'raw_body_unavailable', 'The request body was already parsed (express.json() ran first), so the Seam signature cannot be checked. Mount seamWebhookMiddleware before express.json(), or use express.raw({ type: "application/json" }) on this route.')));
    return;
  } else {
    const read = await readBody(req, limit);
    if (read === 'too_large') {
      send(res, problemReply(problem(413, 'payload_too_large', `The Seam webhook body is larger than ${limit} bytes.`)));
      return;
    }
    raw = read;
  }
  send(res, await handleSeamWebhook(raw, req.headers, options));
}

/** No parser ran: Express 5 leaves `body` undefined; Express 4's body-parser sets `{}` when the type did not match. */
function unparsed(body: unknown): boolean {
  return body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else if (!over) chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? 'too_large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function problemReply(p: ProblemDetails): SeamWebhookReply {
  return { status: p.status, headers: problemHeaders(p), body: p, duplicate: false };
}

function send(res: ServerResponse, reply: SeamWebhookReply): void {
  res.writeHead(reply.status, reply.headers);
  res.end(JSON.stringify(reply.body));
}
