/**
 * Deny by default, as the Express router does (it cannot be built without `authorize`): a grants
 * controller with no guard would serve every route to anyone, so it refuses to be instantiated,
 * which fails the app's bootstrap, unless the app says by name that something else protects it.
 */
import { SetMetadata } from '@nestjs/common';
import { ConfigError, GRANTS_ROUTES } from '@grantkit/core';

/**
 * Where `@UseGuards()` keeps its guards (`GUARDS_METADATA` in @nestjs/common/constants, the same
 * in Nest 10 and 11; test/guarded.test.ts checks it). Read as Nest's own Reflector reads it, so a
 * subclass sees the guards of the class it extends, exactly as Nest applies them.
 */
export const GUARDS_METADATA = '__guards__';

export const ALLOW_UNGUARDED_METADATA = 'grantkit:grants-allow-unguarded';

/**
 * The opt-out: `@AllowUnguarded()` on a GrantsController subclass lets it bootstrap without a
 * guard of its own. Only for routes a global guard (`APP_GUARD`, `app.useGlobalGuards`) or a
 * proxy in front already protects; `createGrantsController({ allowUnguarded: true })` does the same.
 */
export const AllowUnguarded = (): ClassDecorator => SetMetadata(ALLOW_UNGUARDED_METADATA, true);

/** Throws a ConfigError naming the opt-out when a route of `controller` has no guard. */
export function assertGuarded(controller: abstract new (...args: never[]) => unknown): void {
  if (Reflect.getMetadata(ALLOW_UNGUARDED_METADATA, controller) === true) return;
  if (hasGuards(controller)) return;
  const open = GRANTS_ROUTES.filter((route) => !hasGuards((controller.prototype as Record<string, object>)[route.id]));
  if (open.length > 0) throw new ConfigError(unguardedMessage(controller.name, open.length === GRANTS_ROUTES.length ? [] : open.map((r) => `${r.method} ${r.path}`)));
}

function hasGuards(target: object | undefined): boolean {
  const guards: unknown = target ? Reflect.getMetadata(GUARDS_METADATA, target) : undefined;
  return Array.isArray(guards) && guards.length > 0;
}

/** The one message for every way of mounting the controller without a guard. */
export function unguardedMessage(name: string, openRoutes: string[] = []): string {
  const what = openRoutes.length ? `routes ${openRoutes.join(', ')} have` : 'it has';
  return (
    `GrantsController ${name || '(anonymous)'}: ${what} no guard, so anyone could grant and revoke access through it. ` +
    'Put your guard on it: @UseGuards(YourGuard) on the class, or createGrantsController({ path, guards: [YourGuard] }). ' +
    'If a global guard (APP_GUARD) already protects these routes, opt out by name: @AllowUnguarded() on the class, ' +
    'or createGrantsController({ path, allowUnguarded: true }).'
  );
}
