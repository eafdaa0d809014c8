/**
 * grantsRouter: the grants HTTP API (route table, authorization, validation, problem details) of
 * @grantkit/core mounted on an Express Router. This file only translates between Express and the
 * core's plain `{ params, query, headers, body }` -> `{ status, headers, body }`.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import {
  checkJsonContentType,
  ConfigError,
  createGrantsApi,
  DEFAULT_BODY_LIMIT,
  GRANTS_ROUTES,
  methodNotAllowed,
  readJsonBody,
  routePaths,
  type ApiResult,
  type Authenticate,
  type Authorize,
  type Grantkit,
  type GrantsApi,
  type GrantsRoute,
} from '@grantkit/core';

/**
 * `Principal` is what `authenticate` returns, and what `authorize` gets as `context.principal`.
 * TypeScript infers it from `authenticate` when `authenticate` comes before `authorize` in the
 * object literal (it infers left to right); or give it, `GrantsRouterOptions<Session>`. Without
 * `authenticate` it is `unknown` (and the principal undefined).
 */
export interface GrantsRouterOptions<Principal = unknown> {
  /**
   * Required. Decides every request before it runs: `(req, action, context)` where action is
   * `grant`, `read`, `update` or `revoke` and context has the route, the provider, the principal
   * and, on `/grants/:id` routes, the grant. Only `true` allows; anything else is a 403.
   */
  authorize: Authorize<Request, Principal>;
  /**
   * Identifies the caller first: return the principal (handed to `authorize` as
   * `context.principal`), or a falsy value / throw an AuthError for a 401. Default: none.
   */
  authenticate?: Authenticate<Request, Principal> | undefined;
  /**
   * The caller's stable id, which Idempotency-Key is scoped to, so one caller's key never replays
   * or blocks another's: `(principal, req) => string | undefined`. Default: the principal's `id`,
   * else its `sub`, else the principal itself when `authenticate` returned a string. With no id
   * (no `authenticate`, or a principal without one) a request carrying Idempotency-Key is a 400.
   */
  principalId?: ((principal: Principal, req: Request) => string | undefined) | undefined;
  /** Largest JSON body accepted, in bytes; larger is a 413. Default 102400 (100 kB, like express.json()). */
  bodyLimit?: number | undefined;
  /** Sees every error answered with a 5xx, for logging (the response itself reveals nothing). Default: none. */
  onError?: ((error: unknown, route: GrantsRoute) => void) | undefined;
}

const USAGE = "grantsRouter(grantkit, { authorize: (req, action, context) => req.user?.can(action) === true })";

/**
 * The grants API as an Express Router (Express 4.21+ and 5). Mount it where you like:
 * `app.use('/api', grantsRouter(grantkit, { authorize }))`. It reads JSON bodies itself, and uses
 * `req.body` when an `express.json()` mounted before it already did.
 */
export function grantsRouter<Principal = unknown>(grantkit: Grantkit, options: GrantsRouterOptions<Principal>): Router {
  const bodyLimit = options?.bodyLimit ?? DEFAULT_BODY_LIMIT;
  if (!Number.isInteger(bodyLimit) || bodyLimit < 1) {
    throw new ConfigError(`bodyLimit must be a positive number of bytes, e.g. { bodyLimit: 100 * 1024 }; got ${String(options.bodyLimit)}.`);
  }
  const api = createGrantsApi<Request, Principal>(grantkit, options, { routes: GRANTS_ROUTES, usage: USAGE });
  const router = express.Router();
  for (const route of api.routes) {
    const method = route.method.toLowerCase() as 'get' | 'post' | 'patch';
    router[method](route.path, handler(api, route, bodyLimit));
  }
  // After the routes: whatever method reaches these did not match one (HEAD matches GET's).
  for (const { path, allow } of routePaths(api.routes)) router.all(path, otherMethod(path, allow));
  return router;
}

/** OPTIONS says what the path serves; any other method is a 405 with the same `Allow`. */
function otherMethod(path: string, allow: string[]) {
  return (req: Request, res: Response) => {
    if (req.method === 'OPTIONS') {
      res.status(204).setHeader('allow', allow.join(', '));
      res.end();
      return;
    }
    send(res, methodNotAllowed(req.method, path, allow));
  };
}

function handler(api: GrantsApi<Request>, route: GrantsRoute, bodyLimit: number) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const result = await api.run(
        route,
        {
          params: stringParams(req.params),
          query: (req.query ?? {}) as Record<string, unknown>,
          headers: req.headers,
          baseUrl: req.baseUrl,
          readBody: () => readBody(req, bodyLimit),
        },
        req,
      );
      send(res, result);
    } catch (error) {
      // api.run never rejects; this is a failure to write the response (Express 4 would not catch it).
      next(error);
    }
  };
}

/**
 * The body: from `req.body` when a parser mounted earlier consumed the stream, otherwise read here
 * with our own limit and content-type check. Express 4's json parser sets `req.body = {}` even when
 * it skipped the request, so "was the stream consumed" decides, not "is req.body set".
 */
function readBody(req: Request, limit: number): Promise<unknown> {
  const consumed = (req as Request & { _body?: boolean })._body === true || req.readableEnded || (req.complete && !req.readable);
  if (!consumed) return readJsonBody(req, { limit });
  checkJsonContentType(req.headers);
  return Promise.resolve(req.body);
}

/** Express 5 types a wildcard param as string[]; our paths have none, but keep the type honest. */
function stringParams(params: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(params)) out[key] = Array.isArray(value) ? value.join('/') : value;
  return out;
}

function send(res: Response, result: ApiResult): void {
  res.status(result.status);
  for (const [name, value] of Object.entries(result.headers)) res.setHeader(name, value);
  // A body we stopped reading halfway (413) leaves the connection unusable: close it.
  if (result.status === 413) res.setHeader('connection', 'close');
  res.send(JSON.stringify(result.body));
}
