import swc from 'unplugin-swc';
import { packageTests } from '../config/vitest.js';

// esbuild (vite's default) drops decorator metadata; SWC emits `design:paramtypes`, which Nest's
// injection by type needs. test/metadata.test.ts fails when it is missing.
export default packageTests({
  plugins: [
    swc.vite({
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: 'es2022',
      },
      module: { type: 'es6' },
    }),
  ],
});
