import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * The one vitest setup every package tests with. Tests live in each package's `test/` folder and
 * run in forked processes (real sockets, real child processes). `plugins` lets the NestJS packages
 * add unplugin-swc for decorator metadata.
 */
export function packageTests(extra: { plugins?: ViteUserConfig['plugins']; testTimeout?: number } = {}) {
  return defineConfig({
    plugins: extra.plugins ?? [],
    test: {
      include: ['test/**/*.test.ts'],
      environment: 'node',
      pool: 'forks',
      testTimeout: extra.testTimeout ?? 20_000,
      hookTimeout: 20_000,
      reporters: process.env.CI ? ['default'] : ['default'],
    },
  });
}
