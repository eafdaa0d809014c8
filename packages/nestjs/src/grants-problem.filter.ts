import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { problem, problemHeaders, toProblem, type ProblemDetails } from '@grantkit/core';
import { sendJson } from './reply.js';

/** Our codes for the statuses a guard or interceptor typically answers with. */
const CODES: Record<number, string> = { 401: 'auth_error', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 429: 'rate_limited' };
const DETAILS: Record<number, string> = { 401: 'Authentication required.', 403: 'Not allowed to do this here.' };

/**
 * Scoped to GrantsController: whatever stops a grants request before the core answers (a guard
 * saying no, an interceptor or pipe throwing) is answered as problem+json too, so the routes speak
 * one error format. Core errors go through `toProblem`, like everywhere else.
 */
@Catch()
export class GrantsProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('GrantsController');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const p = toGrantsProblem(exception);
    if (p.status >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    const response = host.switchToHttp().getResponse();
    sendJson(this.adapterHost.httpAdapter, response, p.status, p, { ...problemHeaders(p), 'cache-control': 'no-store' });
  }
}

function toGrantsProblem(exception: unknown): ProblemDetails {
  if (!(exception instanceof HttpException)) return toProblem(exception);
  const status = exception.getStatus();
  if (status >= 500) return toProblem(undefined);
  const detail = DETAILS[status] ?? exception.message;
  return problem(status, CODES[status] ?? 'http_error', detail);
}
