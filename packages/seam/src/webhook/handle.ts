/**
 * One framework-free webhook handler: verify, skip what was already handled, call `onEvent`, and
 * say what to answer. The Express middleware and a NestJS controller both use it; it never throws.
 */
import { createHash } from 'node:crypto';
import { problem, problemHeaders, toProblem, type ProblemDetails } from '@grantkit/core';
import type { SeamEvent } from './events.js';
import { SeenIds } from './seen-ids.js';
import { verifySeamWebhookDelivery, type WebhookHeaders } from './verify.js';

export interface SeamWebhookDeliveryInfo {
  /** `svix-id`, the same for every retry of one delivery. */
  messageId: string;
  timestamp: Date;
}

export interface SeamWebhookOptions {
  /** The endpoint's `whsec_...` secret from the Seam console. Required. */
  secret: string;
  /**
   * Called once per event. Throwing answers 500 (problem+json) so Seam delivers it again; the
   * event is then not remembered as handled. Use `doorAccess.applyEvent` to keep stays/grants current.
   */
  onEvent: (event: SeamEvent, delivery: SeamWebhookDeliveryInfo) => unknown;
  /**
   * Remembers handled message ids (`svix-id`) and event ids, so a retried or replayed delivery is
   * answered 200 without calling `onEvent` again. Default: one `SeenIds` (10000 ids) per secret,
   * shared by every handler in this process.
   */
  seen?: SeenIds;
}

export interface SeamWebhookReply {
  status: number;
  headers: Record<string, string>;
  /** `{ received: true, duplicate }` or a problem+json body. */
  body: { received: true; duplicate: boolean } | ProblemDetails;
  /** The verified event (also set for duplicates). */
  event?: SeamEvent;
  duplicate: boolean;
}

const sharedSeen = new Map<string, SeenIds>();

/**
 * Handles one Seam webhook request. For NestJS: create the app with `{ rawBody: true }` and call
 * `handleSeamWebhook(req.rawBody, req.headers, options)` in a controller, then answer with the
 * reply's status, headers and body.
 */
export async function handleSeamWebhook(rawBody: string | Uint8Array | null | undefined, headers: WebhookHeaders, options: SeamWebhookOptions): Promise<SeamWebhookReply> {
  if (typeof rawBody !== 'string' && !(rawBody instanceof Uint8Array)) {
    return fail(
      problem(
        400,
        'raw_body_unavailable',
        'The raw request body is not available, so the Seam signature cannot be checked. NestJS: create the app with { rawBody: true } and pass req.rawBody. Express: mount the webhook middleware before express.json(), or behind express.raw({ type: "application/json" }).',
      ),
    );
  }
  let verified;
  try {
    verified = verifySeamWebhookDelivery(rawBody, headers, options.secret);
  } catch (error) {
    return fail(toProblem(error));
  }
  const { event, messageId, timestamp } = verified;
  const seen = options.seen ?? seenFor(options.secret);
  const keys = [`msg:${messageId}`, `evt:${event.event_id}`];
  if (keys.some((k) => seen.has(k))) return ok(event, true);
  // Remembered before the handler runs, so a concurrent duplicate does not run it a second time.
  for (const k of keys) seen.add(k);
  try {
    await options.onEvent(event, { messageId, timestamp });
  } catch (error) {
    for (const k of keys) seen.delete(k);
    return { ...fail(toProblem(error)), event };
  }
  return ok(event, false);
}

function ok(event: SeamEvent, duplicate: boolean): SeamWebhookReply {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: { received: true, duplicate }, event, duplicate };
}

function fail(p: ProblemDetails): SeamWebhookReply {
  return { status: p.status, headers: problemHeaders(p), body: p, duplicate: false };
}

function seenFor(secret: string): SeenIds {
  // Keyed by a hash so the map holds no secret; one Seam endpoint = one secret = one id space.
  const key = createHash('sha256').update(String(secret)).digest('hex');
  let seen = sharedSeen.get(key);
  if (!seen) {
    seen = new SeenIds();
    sharedSeen.set(key, seen);
  }
  return seen;
}
