import { defineConfig, type Options } from 'tsup';

/**
 * The one tsup setup every published package builds with: dual ESM + CJS, `.d.ts` and `.d.cts`,
 * Node 20 target. `entry` maps output names to source files (`{ index: 'src/index.ts' }`).
 *
 * Decorator metadata: tsup switches to SWC for files when the tsconfig sets
 * `emitDecoratorMetadata` and `@swc/core` is installed (it is a root devDependency). Without
 * @swc/core it silently drops `design:paramtypes`, which is why the NestJS packages keep a test
 * that reads that metadata from the built output.
 */
export function packageBuild(entry: Record<string, string>, extra: Partial<Options> = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: true,
    treeshake: false,
    outDir: 'dist',
    ...extra,
  });
}
