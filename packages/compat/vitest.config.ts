import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import exampleTests from '../../apps/example/vitest.config.js';
import nestjsTests from '../nestjs/vitest.config.js';
import { NEST10_NODE_OPTIONS, nest10Resolution } from './nest10/vite-plugin.js';

const dir = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Three projects, all on NestJS 10 + Express 4 (the lower end of the peer ranges the packages claim;
 * the packages' own runs cover NestJS 11 + Express 5):
 * - this package's tests (the swap itself, and the packed packages in fresh consumers);
 * - the NestJS package's tests, with their own config plus the resolution swap;
 * - the example app's tests, whose app processes get the swap through NODE_OPTIONS.
 */
export default defineConfig({
  test: {
    projects: [
      mergeConfig(nestjsTests, {
        plugins: [nest10Resolution()],
        test: { name: 'compat', root: dir('.'), testTimeout: 60_000 },
      }),
      mergeConfig(nestjsTests, {
        plugins: [nest10Resolution()],
        // metadata.test.ts checks the build's decorator metadata (the same files on any Nest) and
        // loads the CJS build through Node's require, which the swap does not cover.
        test: { name: 'nestjs on Nest 10', root: dir('../nestjs'), exclude: ['test/metadata.test.ts'] },
      }),
      mergeConfig(exampleTests, {
        plugins: [nest10Resolution()],
        test: {
          name: 'example on Nest 10',
          root: dir('../../apps/example'),
          env: { NODE_OPTIONS: NEST10_NODE_OPTIONS },
          // KNOWN BUG on Express 4 (query strings), pinned by test/known-express4-query.test.ts:
          // run fuzz.test.ts here again once the grants router reads the raw query string.
          exclude: ['test/fuzz.test.ts'],
        },
      }),
    ],
  },
});
