/**
 * Writes a JSON or problem+json response through Nest's HTTP adapter, so the controller and the
 * filter work on Express and Fastify alike.
 */
import type { HttpServer } from '@nestjs/common';

export function sendJson(
  adapter: HttpServer,
  response: unknown,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  for (const [name, value] of Object.entries(headers)) adapter.setHeader(response, name, value);
  if (body === undefined) {
    adapter.reply(response, undefined, status);
    return;
  }
  // A string, not an object: given an object with an error status, Nest's adapter resets any
  // content type other than application/json, and problem+json must survive.
  adapter.reply(response, JSON.stringify(body), status);
}
