/**
 * Injection tokens. Symbols, so two copies of this package or an app's own string tokens can never
 * collide with them.
 */

/** The `Grantkit` service built from the module options. Inject it with `@InjectGrantkit()`. */
export const GRANTKIT = Symbol('GRANTKIT');

/** The options given to `forRoot` or returned by the `forRootAsync` factory. */
export const GRANTKIT_MODULE_OPTIONS = Symbol('GRANTKIT_MODULE_OPTIONS');
