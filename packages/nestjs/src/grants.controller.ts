/**
 * The grants HTTP API as a Nest controller: a thin translation over the core's route table and
 * runner (`GRANTS_ROUTES`, `createGrantsApi`), so routes, validation, status codes and
 * problem+json bodies are the ones @grantkit/express serves. Nest guards replace the runner's
 * `authorize`: the controller refuses to bootstrap without a guard (grants-guarded.ts) unless the
 * app opts out by name, and it is never mounted unless the app lists it.
 */
import {
  Controller,
  Delete,
  Get,
  Head,
  Inject,
  Injectable,
  Logger,
  Patch,
  Post,
  Put,
  Req,
  Res,
  SetMetadata,
  UseFilters,
  UseGuards,
  type CanActivate,
  type Type,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  ConfigError,
  createGrantsApi,
  DEFAULT_BODY_LIMIT,
  defaultPrincipalId,
  GRANTS_ROUTES,
  methodNotAllowed,
  routePaths,
  type Grantkit,
  type GrantsApi,
  type GrantsRoute,
} from '@grantkit/core';
import { GRANTKIT } from './grantkit.constants.js';
import { AllowUnguarded, assertGuarded, unguardedMessage } from './grants-guarded.js';
import { GrantsProblemFilter } from './grants-problem.filter.js';
import { GRANTS_ROUTE_METADATA, type GrantsRouteInfo } from './grants-route.js';
import { readRequestBody } from './request-body.js';
import { sendJson } from './reply.js';

interface GrantsControllerBaseOptions<Req> {
  /** Route prefix; the routes are `<path>/grants`, `<path>/grants/:id`, `<path>/providers`, ... Default `''`. */
  path?: string;
  /** Largest JSON body read, in bytes. Default 100 kB (the core's DEFAULT_BODY_LIMIT). */
  bodyLimit?: number;
  /**
   * The caller's stable id, which Idempotency-Key is scoped to (one caller's key never replays or
   * blocks another's): `(req) => string | undefined`. Default: `req.user`'s `id`, else its `sub`
   * (what Passport-style guards set), else `req.user` itself when it is a string. Without one, a
   * request carrying Idempotency-Key is a 400. Annotate `req` with your request type (what your
   * guard leaves on it, e.g. `Request & { user: Session }`); `Req` is inferred from it.
   */
  principalId?: ((req: Req) => string | undefined) | undefined;
}

/**
 * How `createGrantsController` mounts the API. `Req` is the request as the app's guards leave it
 * (Nest hands the controller the platform's request object), as `principalId` reads it.
 */
export type GrantsControllerOptions<Req = unknown> = GrantsControllerBaseOptions<Req> &
  (
    | {
        /**
         * Guards on every route (`@UseGuards(...guards)`): one returning false answers a 403
         * problem, one throwing UnauthorizedException a 401. At least one, or the app refuses to
         * bootstrap: the routes are never open by accident. `grantsRouteOf(context)` tells a
         * guard which route and action it decides on.
         */
        guards: Array<Type<CanActivate> | CanActivate>;
        allowUnguarded?: false;
      }
    | {
        guards?: Array<Type<CanActivate> | CanActivate>;
        /**
         * The opt-out, by name: mount with no guard of its own, because a global guard
         * (`APP_GUARD`) or something in front already protects these routes. Default false.
         */
        allowUnguarded: true;
      }
  );

type AnyRequest = Parameters<typeof readRequestBody>[0] & {
  params?: Record<string, string | undefined>;
  query?: Record<string, unknown>;
  originalUrl?: string;
  url?: string;
};

const METHODS = { GET: Get, POST: Post, PATCH: Patch } as const;

/**
 * Subclass it (`@Controller('api') @UseGuards(AdminGuard) class AdminGrants extends
 * GrantsController {}`) or let `createGrantsController()` do that. List the result in one of your
 * modules' `controllers`; that module must see the Grantkit (import GrantkitModule or make it
 * global). Each route of GRANTS_ROUTES becomes a method named by its operation id.
 */
@Injectable()
@UseFilters(GrantsProblemFilter)
export class GrantsController {
  private api: GrantsApi<unknown> | undefined;
  private readonly logger = new Logger('GrantsController');

  constructor(
    @Inject(GRANTKIT) protected readonly grantkit: Grantkit,
    @Inject(HttpAdapterHost) protected readonly adapterHost: HttpAdapterHost,
  ) {
    // Nest instantiates controllers while it bootstraps: an unguarded one fails the bootstrap.
    assertGuarded(new.target);
  }

  /** Largest JSON body read, in bytes; override in a subclass to change it. */
  protected get bodyLimit(): number {
    return DEFAULT_BODY_LIMIT;
  }

  /** The caller's stable id for Idempotency-Key (see `principalId`); override in a subclass to change it. */
  protected principalIdOf(req: unknown): string | undefined {
    return defaultPrincipalId((req as { user?: unknown } | undefined)?.user);
  }

  /** Runs one route through the core runner and writes its result. */
  protected async runRoute(route: GrantsRoute, req: AnyRequest, res: unknown): Promise<void> {
    this.api ??= createGrantsApi<unknown>(this.grantkit, {
      // The app's guards already decided before this runs.
      authorize: () => true,
      principalId: (_principal, req) => this.principalIdOf(req),
      onError: (error, r) => this.logger.error(`${r.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    });
    const result = await this.api.run(
      route,
      {
        params: req.params ?? {},
        query: req.query ?? {},
        headers: req.headers as Record<string, string | string[] | undefined>,
        baseUrl: mountPath(req, route),
        readBody: () => readRequestBody(req, this.bodyLimit),
      },
      req,
    );
    sendJson(this.adapterHost.httpAdapter, res, result.status, result.body, result.headers);
  }
}

for (const route of GRANTS_ROUTES) {
  const proto = GrantsController.prototype as unknown as Record<string, unknown>;
  Object.defineProperty(proto, route.id, {
    configurable: true,
    writable: true,
    value: function (this: GrantsController, req: AnyRequest, res: unknown) {
      return (this as unknown as { runRoute: GrantsController['runRoute'] }).runRoute(route, req, res);
    },
  });
  const descriptor = Object.getOwnPropertyDescriptor(proto, route.id)!;
  const info: GrantsRouteInfo = { id: route.id, action: route.action, method: route.method, path: route.path };
  Req()(proto, route.id, 0);
  Res()(proto, route.id, 1);
  METHODS[route.method](route.path)(proto, route.id, descriptor);
  SetMetadata(GRANTS_ROUTE_METADATA, info)(proto, route.id, descriptor);
}

/**
 * 405 with Allow for the other methods on each path, from the route table. One handler per
 * method rather than `@All`: Fastify refuses a second GET (or the HEAD it adds beside every GET)
 * on a path. Defined after the routes, so Nest maps them after. They sit behind the same guards.
 */
const REFUSED_METHODS = { GET: Get, POST: Post, PUT: Put, PATCH: Patch, DELETE: Delete, HEAD: Head } as const;
for (const { path, allow } of routePaths(GRANTS_ROUTES)) {
  const proto = GrantsController.prototype as unknown as Record<string, unknown>;
  for (const [method, decorator] of Object.entries(REFUSED_METHODS)) {
    if (allow.includes(method)) continue;
    const name = `${method} ${path} (not allowed)`;
    Object.defineProperty(proto, name, {
      configurable: true,
      writable: true,
      value: function (this: GrantsController, _req: unknown, res: unknown) {
        const result = methodNotAllowed(method, path, allow);
        sendJson(this.adapterHost.httpAdapter, res, result.status, result.body, result.headers);
      },
    });
    Req()(proto, name, 0);
    Res()(proto, name, 1);
    decorator(path)(proto, name, Object.getOwnPropertyDescriptor(proto, name)!);
  }
}

/**
 * A GrantsController mounted at `path` behind `guards`, to list in your module's `controllers`:
 * `controllers: [createGrantsController({ path: 'api', guards: [AdminGuard] })]`.
 */
export function createGrantsController<Req = unknown>(options: GrantsControllerOptions<Req>): Type<GrantsController> {
  if (!options || typeof options !== 'object') throw new ConfigError(unguardedMessage('createGrantsController()'));
  const guards = options.guards ?? [];
  if (!Array.isArray(guards)) throw new ConfigError(`guards must be an array of guards; ${unguardedMessage('createGrantsController()')}`);
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw new ConfigError(`bodyLimit must be a positive number of bytes; got ${String(options.bodyLimit)}.`);
  const { principalId } = options;
  if (principalId !== undefined && typeof principalId !== 'function') throw new ConfigError('principalId must be a function (req) => string | undefined, e.g. { principalId: (req) => req.user?.email }.');
  class MountedGrantsController extends GrantsController {
    protected override get bodyLimit(): number {
      return limit;
    }

    protected override principalIdOf(req: unknown): string | undefined {
      // The request Nest hands over, which the app's guards prepared: the app typed it as Req.
      return principalId ? principalId(req as Req) : super.principalIdOf(req);
    }
  }
  Controller(options.path ?? '')(MountedGrantsController);
  if (guards.length) UseGuards(...guards)(MountedGrantsController);
  if (options.allowUnguarded === true) AllowUnguarded()(MountedGrantsController);
  return MountedGrantsController;
}

/** Where the controller is mounted, for the OpenAPI document's `servers` entry. */
function mountPath(req: AnyRequest, route: GrantsRoute): string | undefined {
  if (route.path.includes(':')) return undefined;
  const pathname = (req.originalUrl ?? req.url ?? '').split('?')[0] ?? '';
  return pathname.endsWith(route.path) ? pathname.slice(0, -route.path.length) : undefined;
}
