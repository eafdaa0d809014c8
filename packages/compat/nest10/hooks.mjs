// Node module-resolution hooks that make a process load NestJS 10 and Express 4 from this package
// instead of the versions installed next to the importing file. The workspace packages and the
// example app are installed against NestJS 11 + Express 5; a user on NestJS 10 gets the same
// built files with NestJS 10 beside them, which is what this reproduces. Only the resolution of
// these bare specifiers changes; everything else loads as it would.

/** The framework packages whose version the NestJS 10 runs swap (the import and its subpaths). */
export const NEST10_PACKAGES = ['@nestjs/common', '@nestjs/core', '@nestjs/platform-express', '@nestjs/testing', 'express'];

/** Whether `specifier` names one of NEST10_PACKAGES or a subpath of one. */
export function isNest10Specifier(specifier) {
  return NEST10_PACKAGES.some((name) => specifier === name || specifier.startsWith(`${name}/`));
}

/** Resolving from this URL finds packages/compat/node_modules, where NestJS 10 and Express 4 are. */
export const NEST10_ANCHOR = new URL('../package.json', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (isNest10Specifier(specifier)) return nextResolve(specifier, { ...context, parentURL: NEST10_ANCHOR });
  return nextResolve(specifier, context);
}
