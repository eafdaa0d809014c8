/**
 * A new user's install, automated: every published package packed, unpacked into fresh consumer
 * apps, the README-style fixture (install/fixture/main.ts) type-checked under each module
 * resolution TypeScript users have (node10 as in the NestJS 10 starter, node16 from CommonJS,
 * nodenext from ESM, bundler), and the compiled CommonJS and ESM builds run against the fakes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsumer, packAll, REPO_DIR, runConsumer, tsc, type Packed } from '../install/consumer.js';

/** What the fixture prints when every entry point worked. */
const EXPECTED = {
  nest: [201, 'active'],
  express: [201, 'active'],
  unauthenticated: 401,
  stay: ['active', 1],
  notFound: 'not_found',
};

/** The compiler options of the NestJS 10 starter (`nest new`): CommonJS, node10 resolution. */
const NEST10_STARTER = {
  module: 'commonjs',
  declaration: true,
  removeComments: true,
  emitDecoratorMetadata: true,
  experimentalDecorators: true,
  allowSyntheticDefaultImports: true,
  target: 'ES2021',
  sourceMap: true,
  outDir: './dist-cjs',
  baseUrl: './',
  skipLibCheck: true,
  strictNullChecks: false,
  noImplicitAny: false,
  strictBindCallApply: false,
  forceConsistentCasingInFileNames: false,
  noFallthroughCasesInSwitch: false,
};

/** A strict user's options; skipLibCheck is on, as in most apps (the ESM build turns it off). */
const STRICT = { strict: true, target: 'ES2022', experimentalDecorators: true, emitDecoratorMetadata: true, skipLibCheck: true };

let root: string;
let packed: Packed[];
/** NestJS 10 + Express 4, `"type": "commonjs"`. */
let cjs: string;
/** NestJS 11 + Express 5, `"type": "module"`. */
let esm: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'grantkit-install-'));
  packed = await packAll(join(root, 'tarballs'));
  cjs = join(root, 'nest10-express4-cjs');
  esm = join(root, 'nest11-express5-esm');
  await Promise.all([
    createConsumer(cjs, packed, { frameworkFrom: fileURLToPath(new URL('..', import.meta.url)), type: 'commonjs' }),
    createConsumer(esm, packed, { frameworkFrom: join(REPO_DIR, 'packages', 'nestjs'), type: 'module' }),
  ]);
}, 120_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('the packed packages in fresh apps', () => {
  it('packs every published package, each grantkit dependency pinned to the version packed beside it', () => {
    expect(packed.map((p) => p.name).sort()).toEqual(['@grantkit/core', '@grantkit/express', '@grantkit/nestjs', '@grantkit/seam', '@grantkit/testing']);
    const versions = new Map(packed.map((p) => [p.name, p.manifest.version]));
    for (const p of packed) {
      const ranges = { ...p.manifest.dependencies, ...p.manifest.peerDependencies };
      for (const [dep, range] of Object.entries(ranges)) {
        expect(range, `${p.name} -> ${dep}`).not.toMatch(/^workspace:/);
        if (dep.startsWith('@grantkit/')) expect(range, `${p.name} -> ${dep}`).toBe(versions.get(dep));
      }
    }
  });

  it('compiles under the NestJS 10 starter tsconfig (CommonJS, node10 resolution) and runs on NestJS 10 + Express 4', async () => {
    const result = await tsc(cjs, 'node10', NEST10_STARTER);
    expect(result.output).toBe('');
    expect(await runConsumer(cjs, 'dist-cjs/main.js')).toEqual(EXPECTED);
  });

  it('type-checks under node16 resolution from CommonJS (the NestJS 11 starter)', async () => {
    const result = await tsc(cjs, 'node16', { ...STRICT, module: 'node16', moduleResolution: 'node16', noEmit: true });
    expect(result.output).toBe('');
  });

  it('compiles as ESM under nodenext resolution, checking every .d.ts, and runs on NestJS 11 + Express 5', async () => {
    const result = await tsc(esm, 'nodenext', { ...STRICT, skipLibCheck: false, module: 'nodenext', moduleResolution: 'nodenext', outDir: './dist-esm' });
    expect(result.output).toBe('');
    expect(await runConsumer(esm, 'dist-esm/main.js')).toEqual(EXPECTED);
  });

  it('type-checks under bundler resolution', async () => {
    const result = await tsc(esm, 'bundler', { ...STRICT, module: 'preserve', moduleResolution: 'bundler', noEmit: true });
    expect(result.output).toBe('');
  });
});
