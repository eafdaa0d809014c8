/**
 * Verifying a Seam webhook (providers.md §3.8). Seam signs with Svix: headers `svix-id`,
 * `svix-timestamp`, `svix-signature`, a `whsec_<base64>` secret, `v1,<base64 HMAC-SHA256>` over
 * `${id}.${timestamp}.${body}`, several space-separated signatures (during secret rotation) and a
 * 5-minute tolerance. That is the Standard Webhooks scheme under other header names, so the
 * `standardwebhooks` package does the cryptography; see README "Why standardwebhooks".
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { ConfigError } from '@grantkit/core';
import {
  SeamWebhookPayloadError,
  SeamWebhookSignatureError,
  SeamWebhookTimestampError,
} from '../errors.js';
import {
  isAccessGrantEvent,
  isAccessMethodEvent,
  seamAccessGrantEventSchema,
  seamAccessMethodEventSchema,
  seamEventEnvelopeSchema,
  type SeamEvent,
} from './events.js';

/** Seam's (Svix's) tolerance between svix-timestamp and now, in seconds. */
export const SEAM_WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

/** Node's `req.headers`, a fetch `Headers`, or a plain record. Names are matched case-insensitively. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface VerifiedSeamWebhook {
  event: SeamEvent;
  /** `svix-id`: the delivery's message id; the same for every retry of one event. */
  messageId: string;
  /** `svix-timestamp` as a Date. */
  timestamp: Date;
}

/**
 * Checks the Svix signature of a Seam webhook and returns the event. Pass the body exactly as it
 * arrived (a Buffer or string): re-serialised JSON does not match the signature.
 *
 * Throws `SeamWebhookSignatureError` (missing headers, no matching signature),
 * `SeamWebhookTimestampError` (more than 5 minutes off), `SeamWebhookPayloadError` (not an event),
 * `ConfigError` (the secret is not a `whsec_` secret).
 */
export function verifySeamWebhook(rawBody: string | Uint8Array, headers: WebhookHeaders, secret: string): SeamEvent {
  return verifySeamWebhookDelivery(rawBody, headers, secret).event;
}

/** `verifySeamWebhook` plus the delivery's message id and timestamp (for de-duplication). */
export function verifySeamWebhookDelivery(rawBody: string | Uint8Array, headers: WebhookHeaders, secret: string): VerifiedSeamWebhook {
  const webhook = signer(secret);
  const messageId = header(headers, 'svix-id');
  const timestampHeader = header(headers, 'svix-timestamp');
  const signature = header(headers, 'svix-signature');
  const missing = [['svix-id', messageId], ['svix-timestamp', timestampHeader], ['svix-signature', signature]].filter(([, v]) => !v).map(([k]) => k as string);
  if (missing.length > 0) {
    throw new SeamWebhookSignatureError('missing_headers', `Seam webhook is missing ${missing.join(', ')}; is this request from Seam?`, missing.map((path) => ({ path, message: 'required' })));
  }
  // Checked here first only to say *which* check failed; standardwebhooks checks it again.
  const seconds = /^\d{1,12}$/.test(timestampHeader!) ? Number(timestampHeader) : Number.NaN;
  const skew = Math.floor(Date.now() / 1000) - seconds;
  if (!Number.isFinite(seconds) || Math.abs(skew) > SEAM_WEBHOOK_TOLERANCE_SECONDS) {
    const what = Number.isFinite(seconds) ? `${Math.abs(skew)} s ${skew > 0 ? 'old' : 'in the future'}` : 'not a Unix time';
    throw new SeamWebhookTimestampError('stale_timestamp', `Seam webhook svix-timestamp is ${what}; at most ${SEAM_WEBHOOK_TOLERANCE_SECONDS} s are accepted.`, [
      { path: 'svix-timestamp', message: 'outside the 5-minute tolerance' },
    ]);
  }
  const body = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength).toString('utf8');
  try {
    webhook.verify(body, { 'webhook-id': messageId!, 'webhook-timestamp': timestampHeader!, 'webhook-signature': signature! }, { jsonParse: false });
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    throw new SeamWebhookSignatureError('invalid_signature', 'Seam webhook signature does not match the body: check the webhook secret and pass the raw, unparsed body.', [
      { path: 'svix-signature', message: 'no matching v1 signature' },
    ]);
  }
  return { event: parseEvent(body), messageId: messageId!, timestamp: new Date(seconds * 1000) };
}

/** A verified body -> a typed event, or SeamWebhookPayloadError naming what is wrong. */
export function parseEvent(body: string): SeamEvent {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new SeamWebhookPayloadError('invalid_payload', 'Seam webhook body is not JSON.', [{ path: '', message: 'not JSON' }]);
  }
  const envelope = seamEventEnvelopeSchema.safeParse(json);
  if (!envelope.success) throw payloadError(envelope.error);
  const schema = isAccessGrantEvent(envelope.data) ? seamAccessGrantEventSchema : isAccessMethodEvent(envelope.data) ? seamAccessMethodEventSchema : undefined;
  if (!schema) return envelope.data;
  const typed = schema.safeParse(json);
  if (!typed.success) throw payloadError(typed.error);
  return typed.data;
}

function payloadError(error: { issues: Array<{ path: PropertyKey[]; message: string }> }) {
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  return new SeamWebhookPayloadError('invalid_payload', `Seam webhook body is not a Seam event: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}.`, issues);
}

function signer(secret: string): Webhook {
  if (typeof secret !== 'string' || !/^whsec_[A-Za-z0-9+/=]{8,}$/.test(secret)) {
    throw new ConfigError('The Seam webhook secret must be the "whsec_..." secret shown for the webhook in the Seam console (e.g. process.env.SEAM_WEBHOOK_SECRET).');
  }
  return new Webhook(secret);
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  let value = record[name];
  if (value === undefined) {
    const key = Object.keys(record).find((k) => k.toLowerCase() === name);
    value = key === undefined ? undefined : record[key];
  }
  return Array.isArray(value) ? value[0] : value;
}
