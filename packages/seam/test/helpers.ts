import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { Webhook } from 'standardwebhooks';
import { randomUUID } from 'node:crypto';
import { SEAM_FAKE_SEED } from '@grantkit/testing';
import { seamWebhookMiddleware, type SeamEvent, type SeamWebhookOptions } from '../src/index.js';

export const HOUR = 3600_000;
export const fastReliability = { timeoutMs: 2000, maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20 };
export const S = SEAM_FAKE_SEED;

export function window(hoursFromNow = 1, nights = 2) {
  const startsAt = new Date(Date.now() + hoursFromNow * HOUR);
  return { startsAt, endsAt: new Date(startsAt.getTime() + nights * 24 * HOUR) };
}

export interface Capture {
  body: Buffer;
  headers: Record<string, string>;
}

/**
 * A real Express app on 127.0.0.1 with three webhook routes:
 * - /webhooks/seam: the middleware reading the raw stream itself;
 * - /webhooks/seam-raw: behind express.raw(), and every delivery is captured for replays;
 * - /webhooks/seam-json: behind express.json(), which must be refused.
 */
export async function startWebhookApp(options: Pick<SeamWebhookOptions, 'onEvent' | 'seen'> & { secret: () => string }) {
  const app = express();
  const captured: Capture[] = [];
  const handled: SeamEvent[] = [];
  const onEvent: SeamWebhookOptions['onEvent'] = async (event, delivery) => {
    handled.push(event);
    await options.onEvent(event, delivery);
  };
  let middleware: ReturnType<typeof seamWebhookMiddleware> | undefined;
  const mw = () => (middleware ??= seamWebhookMiddleware({ secret: options.secret(), onEvent, seen: options.seen }));
  app.post('/webhooks/seam', (req, res, next) => mw()(req, res, next));
  app.post(
    '/webhooks/seam-raw',
    express.raw({ type: 'application/json' }),
    (req, _res, next) => {
      captured.push({ body: Buffer.from(req.body as Buffer), headers: { ...(req.headers as Record<string, string>) } });
      next();
    },
    (req, res, next) => mw()(req, res, next),
  );
  app.post('/webhooks/seam-json', express.json(), (req, res, next) => mw()(req, res, next));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    captured,
    handled,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Signs a body the way Seam (Svix) does, for events the fake does not emit and for stale/tampered cases. */
export function signed(secret: string, body: string, { at = new Date(), id = `msg_${randomUUID()}` }: { at?: Date; id?: string } = {}) {
  return {
    'content-type': 'application/json',
    'svix-id': id,
    'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
    'svix-signature': new Webhook(secret).sign(id, at, body),
  };
}

export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 4000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met in time');
}
