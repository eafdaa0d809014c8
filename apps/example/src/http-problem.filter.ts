/**
 * Nest's own HTTP exceptions (malformed JSON caught by Nest's body parser, an unknown route, a body
 * too large) answered as problem+json like every other error of the API. Core errors are the
 * GrantkitExceptionFilter's; anything else unexpected stays a bare 500.
 */
import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { problem, problemHeaders } from '@grantkit/core';

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'body_too_large',
  415: 'unsupported_media_type',
};

@Catch(HttpException)
export class HttpProblemFilter implements ExceptionFilter<HttpException> {
  catch(exception: HttpException, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const status = exception.getStatus();
    // A JSON parser's message can quote part of the body, so a 400 here gets a fixed text (the app's
    // own validation errors are GrantkitErrors and never come this way).
    const detail = status >= 500 ? 'Internal server error.' : status === 400 ? 'The request body is not valid JSON.' : exception.message;
    const body = problem(status, CODES[status] ?? (status >= 500 ? 'internal_error' : 'http_error'), detail);
    res.status(status).set(problemHeaders(body)).send(JSON.stringify(body));
  }
}

/**
 * Express error middleware for the JSON parser in front of Nest's routes: a body over the limit
 * (413), a body that is not JSON (400) or a charset the parser refuses (415) is answered as
 * problem+json with a fixed text (parser messages can quote the body). Anything else goes on.
 */
export function bodyParserProblems(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return next(error);
  const detail = status === 413 ? 'The request body is too large.' : status === 415 ? 'The request body has an unsupported encoding.' : 'The request body is not valid JSON.';
  const body = problem(status, CODES[status] ?? 'bad_request', detail);
  res.status(status).set(problemHeaders(body)).send(JSON.stringify(body));
}
