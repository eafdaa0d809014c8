/**
 * Nest's own HTTP exceptions (an unknown route, a method not allowed) answered as problem+json
 * like every other error of the API. Bodies are read by json-body.ts, whose refusals are problems
 * already; core errors are the GrantkitExceptionFilter's; anything else unexpected stays a bare 500.
 */
import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
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
    // A parser's message can quote part of the body, so a 400 here gets a fixed text (the app's
    // own validation errors are GrantkitErrors and never come this way).
    const detail = status >= 500 ? 'Internal server error.' : status === 400 ? 'The request body is not valid JSON.' : exception.message;
    const body = problem(status, CODES[status] ?? (status >= 500 ? 'internal_error' : 'http_error'), detail);
    res.status(status).set(problemHeaders(body)).send(JSON.stringify(body));
  }
}
