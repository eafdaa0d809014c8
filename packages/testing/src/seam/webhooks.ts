/**
 * Svix-signed webhook delivery, as Seam sends events (providers.md §3.8): headers `svix-id`,
 * `svix-timestamp`, `svix-signature` = `v1,` + base64 HMAC-SHA256 over `${id}.${timestamp}.${body}`
 * keyed with the base64 part of `whsec_...`. Signing is done by `standardwebhooks`, not by hand.
 * Delivery is fire-and-forget, in order, with a bounded retry, and only to loopback URLs.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { SeamFakeEvent } from './state.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export interface WebhookDelivery {
  url: string;
  eventId: string;
  attempt: number;
  status: number | undefined;
  ok: boolean;
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly signer: Webhook;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly url: string,
    readonly secret: string,
    private readonly options: { maxAttempts?: number; retryDelayMs?: number } = {},
  ) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`Seam fake webhook.url must be an absolute http URL; got "${url}".`);
    }
    if (parsed.protocol !== 'http:' || !LOOPBACK_HOSTS.has(parsed.hostname)) {
      throw new Error(`Seam fake delivers webhooks to loopback http URLs only (127.0.0.1, localhost, [::1]); got "${parsed.host}".`);
    }
    if (!secret.startsWith('whsec_')) throw new Error('Seam fake webhook.secret must look like "whsec_<base64>".');
    this.signer = new Webhook(secret);
  }

  /** Queues an event; deliveries go out one at a time, in the order the events happened. */
  send(event: SeamFakeEvent): void {
    if (this.closed) return;
    this.chain = this.chain.then(() => this.deliver(event)).catch(() => undefined);
  }

  /** Resolves when every queued delivery has finished (delivered or given up). */
  idle(): Promise<void> {
    return this.chain;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    await this.chain;
  }

  private async deliver(event: SeamFakeEvent): Promise<void> {
    const body = JSON.stringify(event);
    const msgId = `msg_${randomUUID()}`;
    const maxAttempts = this.options.maxAttempts ?? 3;
    for (let attempt = 1; attempt <= maxAttempts && !this.closed; attempt++) {
      const timestamp = new Date();
      const headers = {
        'content-type': 'application/json',
        'svix-id': msgId,
        'svix-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'svix-signature': this.signer.sign(msgId, timestamp, body),
      };
      let status: number | undefined;
      try {
        const res = await fetch(this.url, { method: 'POST', headers, body, signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(2000)]) });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = undefined;
      }
      const ok = status !== undefined && status >= 200 && status < 300;
      this.deliveries.push({ url: this.url, eventId: event.event_id, attempt, status, ok });
      if (ok) return;
      await new Promise((r) => setTimeout(r, (this.options.retryDelayMs ?? 50) * attempt));
    }
  }
}
