import { defineConfig } from 'tsup';

/**
 * The app builds to one ESM file, dependencies left external. Decorator metadata: tsup hands
 * decorated files to SWC because the tsconfig sets `emitDecoratorMetadata` and @swc/core is
 * installed at the root; without it Nest's injection by type breaks silently, which
 * test/build.test.ts and the end-to-end test catch.
 */
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  dts: false,
  outDir: 'dist',
});
