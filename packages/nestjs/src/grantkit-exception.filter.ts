import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GrantkitError, problemHeaders, toProblem } from '@grantkit/core';
import { sendJson } from './reply.js';

/**
 * Answers every `GrantkitError` thrown from an app's own controllers with RFC 9457
 * `application/problem+json`, through the core's one mapping (`toProblem`): the same bodies and
 * statuses as the grants API (404 for an unknown grant, 400 with `errors` for bad input, 429 with
 * Retry-After, 502/504 for provider trouble). Other exceptions keep Nest's own handling.
 *
 * Register it like any filter: `{ provide: APP_FILTER, useClass: GrantkitExceptionFilter }`,
 * `@UseFilters(GrantkitExceptionFilter)`, or
 * `app.useGlobalFilters(new GrantkitExceptionFilter(app.get(HttpAdapterHost)))`.
 */
@Catch(GrantkitError)
export class GrantkitExceptionFilter implements ExceptionFilter<GrantkitError> {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: GrantkitError, host: ArgumentsHost): void {
    // Only HTTP has a problem+json answer; other transports (rpc, ws) get the error as thrown.
    if (host.getType() !== 'http') throw exception;
    const adapter = this.adapterHost.httpAdapter;
    const response = host.switchToHttp().getResponse();
    const problem = toProblem(exception);
    sendJson(adapter, response, problem.status, problem, problemHeaders(problem));
  }
}
