/**
 * The grants HTTP API as a Nest controller: a thin translation over the core's route table and
 * runner (`GRANTS_ROUTES`, `createGrantsApi`), so routes, validation, status codes and
 * problem+json bodies are the ones @grantkit/express serves. Nest guards replace the runner's
 * `authorize`: the controller is only ever mounted behind the app's own guards, and it is never
 * mounted unless the app lists it.
 */
import {
  Controller,
  Get,
  Inject,
  Injectable,
  Logger,
  Patch,
  Post,
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
  GRANTS_ROUTES,
  type Grantkit,
  type GrantsApi,
  type GrantsRoute,
} from '@grantkit/core';
import { GRANTKIT } from './grantkit.constants.js';
import { GrantsProblemFilter } from './grants-problem.filter.js';
import { GRANTS_ROUTE_METADATA, type GrantsRouteInfo } from './grants-route.js';
import { readRequestBody } from './request-body.js';
import { sendJson } from './reply.js';

/** How `createGrantsController` mounts the API. */
export interface GrantsControllerOptions {
  /** Route prefix; the routes are `<path>/grants`, `<path>/grants/:id`, `<path>/providers`, ... Default `''`. */
  path?: string;
  /**
   * Guards on every route (`@UseGuards(...guards)`): one returning false answers a 403 problem, one
   * throwing UnauthorizedException a 401. Required, so the routes are never open by accident; pass
   * `[]` only when a global guard (`APP_GUARD`) already protects them. `grantsRouteOf(context)`
   * tells a guard which route and action it decides on.
   */
  guards: Array<Type<CanActivate> | CanActivate>;
  /** Largest JSON body read, in bytes. Default 100 kB (the core's DEFAULT_BODY_LIMIT). */
  bodyLimit?: number;
}

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
  ) {}

  /** Largest JSON body read, in bytes; override in a subclass to change it. */
  protected get bodyLimit(): number {
    return DEFAULT_BODY_LIMIT;
  }

  /** Runs one route through the core runner and writes its result. */
  protected async runRoute(route: GrantsRoute, req: AnyRequest, res: unknown): Promise<void> {
    this.api ??= createGrantsApi<unknown>(this.grantkit, {
      // The app's guards already decided before this runs.
      authorize: () => true,
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
 * A GrantsController mounted at `path` behind `guards`, to list in your module's `controllers`:
 * `controllers: [createGrantsController({ path: 'api', guards: [AdminGuard] })]`.
 */
export function createGrantsController(options: GrantsControllerOptions): Type<GrantsController> {
  if (!options || !Array.isArray(options.guards)) {
    throw new ConfigError(
      'createGrantsController needs guards, e.g. createGrantsController({ path: "api", guards: [AdminGuard] }); pass guards: [] only when a global guard protects these routes.',
    );
  }
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw new ConfigError(`bodyLimit must be a positive number of bytes; got ${String(options.bodyLimit)}.`);
  class MountedGrantsController extends GrantsController {
    protected override get bodyLimit(): number {
      return limit;
    }
  }
  Controller(options.path ?? '')(MountedGrantsController);
  if (options.guards.length) UseGuards(...options.guards)(MountedGrantsController);
  return MountedGrantsController;
}

/** Where the controller is mounted, for the OpenAPI document's `servers` entry. */
function mountPath(req: AnyRequest, route: GrantsRoute): string | undefined {
  if (route.path.includes(':')) return undefined;
  const pathname = (req.originalUrl ?? req.url ?? '').split('?')[0] ?? '';
  return pathname.endsWith(route.path) ? pathname.slice(0, -route.path.length) : undefined;
}
