/**
 * Which grants route a request is on, for the app's guard: `grantsRouteOf(context)` returns the
 * route's id and action (`grant`, `read`, `update`, `revoke`), so one guard can let readers list and
 * only admins revoke.
 */
import type { ExecutionContext } from '@nestjs/common';
import type { GrantsAction, GrantsRoute } from '@grantkit/core';

export const GRANTS_ROUTE_METADATA = 'grantkit:grants-route';

export interface GrantsRouteInfo {
  /** The operation id (`createGrant`, `listGrants`, `revokeGrant`, ...). */
  id: string;
  action: GrantsAction;
  method: GrantsRoute['method'];
  /** Relative to the controller's path (`/grants/:id`). */
  path: string;
}

export function grantsRouteOf(context: ExecutionContext): GrantsRouteInfo | undefined {
  return Reflect.getMetadata(GRANTS_ROUTE_METADATA, context.getHandler()) as GrantsRouteInfo | undefined;
}
