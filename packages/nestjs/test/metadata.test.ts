/**
 * Nest injects by type through `design:paramtypes`, which only a compiler emitting decorator
 * metadata writes (SWC here; esbuild and tsup without @swc/core drop it silently). These tests fail
 * when the metadata is missing, in the tests' own transform and in the built package.
 */
import 'reflect-metadata';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { Grantkit } from '@grantkit/core';

const dist = (file: string) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));

@Injectable()
class InjectsByType {
  constructor(readonly grantkit: Grantkit) {}
}

describe('decorator metadata', () => {
  it('is emitted for test code (vitest runs SWC)', () => {
    expect(Reflect.getMetadata('design:paramtypes', InjectsByType)).toEqual([Grantkit]);
  });

  it('is in the built ESM output', async () => {
    expect(existsSync(dist('index.js')), 'run `pnpm build` first').toBe(true);
    const built = (await import(dist('index.js'))) as typeof import('../src/index.js');
    expect(Reflect.getMetadata('design:paramtypes', built.GrantkitExceptionFilter)).toEqual([HttpAdapterHost]);
    expect(Reflect.getMetadata('design:paramtypes', built.GrantkitModule)).toEqual([built.Grantkit, Object]);
  });

  it('is in the built CJS output', () => {
    expect(existsSync(dist('index.cjs')), 'run `pnpm build` first').toBe(true);
    const built = createRequire(import.meta.url)(dist('index.cjs')) as typeof import('../src/index.js');
    expect(Reflect.getMetadata('design:paramtypes', built.GrantkitExceptionFilter)).toEqual([HttpAdapterHost]);
    expect(Reflect.getMetadata('design:paramtypes', built.GrantkitModule)).toEqual([built.Grantkit, Object]);
  });
});
