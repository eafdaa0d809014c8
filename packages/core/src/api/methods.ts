/**
 * A known path asked with a method it does not serve is a 405 with `Allow` (RFC 9110 §15.5.6),
 * not a 404: the path exists. Both come from the route table, so a route added there is allowed
 * (and every other method on its path refused) in every adapter without touching them.
 */
import { problem, problemHeaders } from './problem.js';
import type { ApiResult, GrantsRoute } from './routes.js';

export interface RoutePath {
  /** Express-style path relative to the mount point (`/grants/:id`). */
  path: string;
  /** The methods it serves, as the `Allow` header lists them: HEAD wherever GET is (servers answer HEAD with GET's handler). */
  allow: string[];
}

/** Every distinct path of the table, in table order, with the methods it serves. */
export function routePaths(routes: readonly GrantsRoute[]): RoutePath[] {
  const byPath = new Map<string, Set<string>>();
  for (const route of routes) {
    const methods = byPath.get(route.path) ?? new Set<string>();
    methods.add(route.method);
    if (route.method === 'GET') methods.add('HEAD');
    byPath.set(route.path, methods);
  }
  return [...byPath].map(([path, methods]) => ({ path, allow: [...methods].sort() }));
}

/** The 405 answer for `method` on a path that serves only `allow`. */
export function methodNotAllowed(method: string, path: string, allow: readonly string[]): ApiResult {
  const shown = /^[A-Za-z]{1,20}$/.test(method) ? method.toUpperCase() : 'This method';
  const p = problem(405, 'method_not_allowed', `${shown} is not allowed on ${path}; use ${allow.join(', ')}.`);
  return { status: 405, body: p, headers: { ...problemHeaders(p), allow: allow.join(', '), 'cache-control': 'no-store' } };
}
