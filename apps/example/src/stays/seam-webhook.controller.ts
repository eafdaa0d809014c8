/**
 * Seam webhooks: verified by their Svix signature over the raw body (kept as `req.rawBody` by the
 * app's JSON parser, see main.ts), then handed to the door-access helper, which refreshes the Grantkit grants the
 * event is about. This route is the one /api route that does not take the API token.
 */
import { Controller, Post, Req, Res, type RawBodyRequest } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DoorAccess, handleSeamWebhook } from '@grantkit/seam';
import { AppRuntime } from '../app-runtime.js';

@Controller('api/webhooks')
export class SeamWebhookController {
  constructor(
    private readonly doors: DoorAccess,
    private readonly runtime: AppRuntime,
  ) {}

  @Post('seam')
  async seam(@Req() req: RawBodyRequest<Request>, @Res() res: Response): Promise<void> {
    const reply = await handleSeamWebhook(req.rawBody, req.headers, {
      secret: this.runtime.providers.seamWebhookSecret,
      onEvent: this.doors.applyEvent,
    });
    if (reply.status >= 500) this.runtime.logger.error({ status: reply.status, eventType: reply.event?.event_type ?? null }, 'seam webhook failed');
    res.status(reply.status).set(reply.headers).send(reply.body);
  }
}
