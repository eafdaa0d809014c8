/**
 * The NestJS 10 runs are only worth something if they really load NestJS 10 and Express 4 where the
 * workspace has 11 and 5 installed. These tests fail when the swap stops working.
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { HttpAdapterHost } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { GrantkitExceptionFilter } from '../../nestjs/src/index.js';
import { NEST10_NODE_OPTIONS } from '../nest10/vite-plugin.js';

const exampleDir = fileURLToPath(new URL('../../../apps/example/', import.meta.url));
const versionOf = (name: string, from: string) => (createRequire(from)(`${name}/package.json`) as { version: string }).version;

describe('the NestJS 10 + Express 4 swap', () => {
  it('has NestJS 10 and Express 4 here, while the NestJS package and the example have 11 and 5', () => {
    expect(versionOf('@nestjs/core', import.meta.url)).toMatch(/^10\./);
    expect(versionOf('express', import.meta.url)).toMatch(/^4\./);
    expect(versionOf('@nestjs/core', new URL('../../nestjs/package.json', import.meta.url).href)).toMatch(/^11\./);
    expect(versionOf('express', `${exampleDir}package.json`)).toMatch(/^5\./);
  });

  it('makes the NestJS package sources inject the NestJS 10 classes', () => {
    // The filter's constructor parameter is HttpAdapterHost from whatever @nestjs/core its source
    // file resolved; it is the NestJS 10 class imported here only if the swap applied.
    expect(Reflect.getMetadata('design:paramtypes', GrantkitExceptionFilter)).toEqual([HttpAdapterHost]);
  });

  it('makes a Node process started from the example app import NestJS 10 and Express 4', async () => {
    const probe = `
      const core = await import('@nestjs/core/package.json', { with: { type: 'json' } });
      const express = await import('express/package.json', { with: { type: 'json' } });
      console.log(core.default.version, express.default.version);`;
    const run = (nodeOptions: string) =>
      promisify(execFile)(process.execPath, ['--input-type=module', '-e', probe], { cwd: exampleDir, env: { ...process.env, NODE_OPTIONS: nodeOptions } });
    expect((await run(NEST10_NODE_OPTIONS)).stdout.trim()).toMatch(/^10\.\d+\.\d+ 4\.\d+\.\d+$/);
    expect((await run('')).stdout.trim()).toMatch(/^11\.\d+\.\d+ 5\.\d+\.\d+$/);
  });
});
