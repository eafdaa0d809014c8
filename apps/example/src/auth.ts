/**
 * Bearer-token authentication for everything under /api: one Express middleware in front of both
 * the grants router and the Nest controllers. Refusals are RFC 9457 problems like every other
 * error of the API. The token is compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { problem, PROBLEM_CONTENT_TYPE } from '@grantkit/core';

/** What the middleware puts in `res.locals.principal` for the routes behind it. */
export interface ApiPrincipal {
  kind: 'api-token';
  /** One token, one caller: idempotency keys are scoped to this id. */
  id: 'api-token';
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `open` names paths (relative to the mount point) that authenticate themselves: the Seam webhook
 * carries a Svix signature instead of our token.
 */
export function bearerAuth(token: string, open: readonly string[] = []) {
  const expected = digest(token);
  return (req: Request, res: Response, next: NextFunction) => {
    if (open.includes(req.path)) return next();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (match?.[1] && timingSafeEqual(digest(match[1]), expected)) {
      res.locals.principal = { kind: 'api-token', id: 'api-token' } satisfies ApiPrincipal;
      return next();
    }
    const detail = match ? 'The bearer token is not valid.' : 'Send the API token: Authorization: Bearer <GRANTKIT_API_TOKEN>.';
    res
      .status(401)
      .set('content-type', PROBLEM_CONTENT_TYPE)
      .set('www-authenticate', `Bearer realm="grantkit"${match ? ', error="invalid_token"' : ''}`)
      .send(JSON.stringify(problem(401, 'unauthorized', detail)));
  };
}
