import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
// @ts-expect-error plain .mjs module without types
import { isNest10Specifier, NEST10_ANCHOR } from './hooks.mjs';

/** The `--import` flag that makes a child Node process load NestJS 10 + Express 4 (see hooks.mjs). */
export const NEST10_NODE_OPTIONS = `--import=${fileURLToPath(new URL('./register.mjs', import.meta.url))}`;

/**
 * The same swap as hooks.mjs, for code vitest transforms (the NestJS package's sources and tests):
 * every import of NestJS or Express resolves as if it were written in packages/compat.
 */
export function nest10Resolution(): Plugin {
  const anchor = fileURLToPath(NEST10_ANCHOR as string);
  return {
    name: 'grantkit-nest10-resolution',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!(isNest10Specifier as (s: string) => boolean)(source) || importer === anchor) return null;
      return this.resolve(source, anchor, { ...options, skipSelf: true });
    },
  };
}
