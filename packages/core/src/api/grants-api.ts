/**
 * Runs one route of the grants API, framework-free: authenticate, read the body, build the
 * authorization context (the provider, and for `:id` routes the grant), authorize (deny by
 * default), validate the query, handle. Every failure comes back as an RFC 9457 problem result,
 * so an adapter only writes what it gets.
 */
import type { Grant } from '../domain/grant.js';
import { parseOrThrow } from '../domain/validate.js';
import { AuthError, ConfigError, ForbiddenError, NotFoundError, type ProviderName } from '../errors.js';
import type { Grantkit } from '../service/grantkit.js';
import { defaultPrincipalId } from './idempotency.js';
import { problemHeaders, toProblem } from './problem.js';
import { z } from 'zod';
import { GRANTS_ROUTES, type ApiInput, type ApiResult, type GrantsAction, type GrantsRoute, type RouteInput } from './routes.js';

/** What `authorize` is told about the call it decides on. `Principal` is what `authenticate` returns. */
export interface AuthorizeContext<Principal = unknown> {
  /** The route's operation id (`createGrant`, `revokeGrant`, ...). */
  route: string;
  /** The provider involved, when known: the body's or query's `provider`, or the loaded grant's. */
  provider?: ProviderName | undefined;
  /** For `/grants/:id...` routes: the id asked for. */
  grantId?: string | undefined;
  /** For `/grants/:id...` routes: the grant, when it exists. Undefined means a 404 follows if allowed. */
  grant?: Grant | undefined;
  /** For `/people/:personId/...` routes: the person the call is about. */
  personId?: string | undefined;
  /**
   * What `authenticate` returned: never falsy (a falsy result was already a 401). Without
   * `authenticate` it is undefined (and typed `unknown`).
   */
  principal: Principal;
}

/**
 * Decides whether the request may run. Only `true` allows (deny by default); false or anything else
 * is a 403. Throwing an AuthError is a 401, a ForbiddenError a 403. `context.principal` is typed
 * as what `authenticate` returns.
 */
export type Authorize<Req, Principal = unknown> = (req: Req, action: GrantsAction, context: AuthorizeContext<Principal>) => boolean | Promise<boolean>;

/** A result of `authenticate` that means "unknown caller": a 401. */
export type NoPrincipal = null | undefined | false;

/**
 * Identifies the caller before anything else runs. A falsy result or a thrown AuthError is a 401;
 * the result is handed to `authorize` as `context.principal`, typed `Principal`. Any other thrown
 * error maps like a core error (an unexpected one is a 500).
 */
export type Authenticate<Req, Principal = unknown> = (req: Req) => Principal | NoPrincipal | Promise<Principal | NoPrincipal>;

/**
 * `Principal` is inferred from `authenticate`'s return type when `authenticate` comes before
 * `authorize` in the object literal (TypeScript infers from left to right), or give it:
 * `GrantsApiOptions<Req, Session>`. Without `authenticate` it is `unknown`.
 */
export interface GrantsApiOptions<Req, Principal = unknown> {
  /** Required. Called before every route. */
  authorize: Authorize<Req, Principal>;
  /** Optional. Called first on every route. Default: none (authorize alone decides). */
  authenticate?: Authenticate<Req, Principal> | undefined;
  /**
   * The caller's stable id, which Idempotency-Key is scoped to (one caller's key never replays or
   * blocks another's). Default: `defaultPrincipalId(principal)`, the principal's `id`, else its
   * `sub`, else the principal itself when it is a string. When there is none, a request with an
   * Idempotency-Key is a 400 (requests without one work as usual).
   */
  principalId?: ((principal: Principal, req: Req) => string | undefined) | undefined;
  /** Sees every error answered with a 5xx (to log it: the response reveals nothing). Default: none. */
  onError?: ((error: unknown, route: GrantsRoute) => void) | undefined;
}

export interface RunInput extends Omit<ApiInput, 'body'> {
  /** The body, already parsed; or use `readBody`. */
  body?: unknown;
  /** Reads the body lazily, after authentication (see `readJsonBody`). Wins over `body`. */
  readBody?: (() => Promise<unknown>) | undefined;
}

export interface GrantsApi<Req> {
  readonly routes: readonly GrantsRoute[];
  /** Runs a route. Never rejects: errors become problem results. */
  run(route: GrantsRoute, input: RunInput, req: Req): Promise<ApiResult>;
}

const NO_QUERY = z.strictObject({});

/**
 * Checks the options and returns the runner. `routes` defaults to GRANTS_ROUTES; `usage` is the
 * call shown in the ConfigError when `authorize` is missing (adapters pass their own).
 */
export function createGrantsApi<Req, Principal = unknown>(
  grantkit: Grantkit,
  options: GrantsApiOptions<Req, Principal>,
  { routes = GRANTS_ROUTES, usage = 'createGrantsApi(grantkit, { authorize: (req, action, context) => ... })' }: { routes?: readonly GrantsRoute[]; usage?: string } = {},
): GrantsApi<Req> {
  if (!grantkit || typeof (grantkit as Partial<Grantkit>).grant !== 'function') {
    throw new ConfigError(`Pass the Grantkit from createGrantkit() as the first argument: ${usage}.`);
  }
  if (typeof options?.authorize !== 'function') {
    throw new ConfigError(`authorize is required: the grants API denies every request without it. Pass one that returns true to allow: ${usage}.`);
  }
  if (options.authenticate !== undefined && typeof options.authenticate !== 'function') {
    throw new ConfigError('authenticate must be a function (req) => principal, returning a falsy value when the caller is unknown.');
  }
  if (options.principalId !== undefined && typeof options.principalId !== 'function') {
    throw new ConfigError('principalId must be a function (principal, req) => string | undefined, e.g. { principalId: (principal) => principal.userId }.');
  }
  const { authorize, authenticate, onError } = options;
  const principalIdOf = options.principalId ?? ((principal: Principal) => defaultPrincipalId(principal));

  async function run(route: GrantsRoute, input: RunInput, req: Req): Promise<ApiResult> {
    try {
      // Without authenticate, Principal is `unknown` and the principal undefined.
      let principal = undefined as Principal;
      if (authenticate) {
        const found = await authenticate(req);
        if (!found) throw new AuthError('Authentication required.');
        principal = found;
      }
      const body = route.body ? (input.readBody ? await input.readBody() : input.body) : undefined;
      const context: AuthorizeContext<Principal> = { route: route.id, principal };
      let missing: NotFoundError | undefined;
      if (route.path.includes(':id')) {
        context.grantId = String(input.params.id);
        try {
          context.grant = await grantkit.get(context.grantId);
          context.provider = context.grant.provider;
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
          // Decide first, answer 404 after: a caller who may not look must not learn what exists.
          missing = error;
        }
      } else {
        context.provider = providerOf(body) ?? providerOf(input.query);
      }
      if (route.path.includes(':personId')) context.personId = String(input.params.personId);
      if ((await authorize(req, route.action, context)) !== true) {
        throw new ForbiddenError(`Not allowed to ${route.action} here (${route.method} ${route.path}).`);
      }
      if (missing) throw missing;
      const query = parseOrThrow(route.query ?? NO_QUERY, plain(input.query), 'query');
      const principalId = principalIdOf(principal, req);
      const routeInput: RouteInput = {
        params: input.params,
        query,
        headers: input.headers,
        body,
        baseUrl: input.baseUrl,
        grant: context.grant,
        principalId: typeof principalId === 'string' && principalId !== '' ? principalId : undefined,
      };
      return await route.handle(grantkit, routeInput);
    } catch (error) {
      const p = toProblem(error);
      if (p.status >= 500 && onError) safely(() => onError(error, route));
      return { status: p.status, body: p, headers: { ...problemHeaders(p), 'cache-control': 'no-store' } };
    }
  }

  return { routes, run };
}

const PROVIDERS = new Set<string>(['atomicwork', 'zitadel', 'seam']);

function providerOf(value: unknown): ProviderName | undefined {
  const p = value && typeof value === 'object' ? (value as { provider?: unknown }).provider : undefined;
  return typeof p === 'string' && PROVIDERS.has(p) ? (p as ProviderName) : undefined;
}

/** Query objects may have a null prototype (Express 5); zod wants a plain object. */
function plain(query: Record<string, unknown> | undefined): Record<string, unknown> {
  return query ? { ...query } : {};
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // A failing error hook must not change the response.
  }
}
