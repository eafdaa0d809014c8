/**
 * The type tests (`test/types/*.test-d.ts`) run as part of each package's `typecheck`, which
 * `pnpm test` runs: they are plain TypeScript that tsc must accept, so a test that stops holding
 * fails the build. This checks the wiring they rely on, so that a tsconfig `include` or a script
 * change cannot drop them silently.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

const withTypeTests = readdirSync(join(repo, 'packages')).filter((dir) => existsSync(join(repo, 'packages', dir, 'test/types')));

describe('type tests', () => {
  it('exist for core, express, nestjs and seam', () => {
    expect(withTypeTests).toEqual(expect.arrayContaining(['core', 'express', 'nestjs', 'seam']));
  });

  it.each(withTypeTests)('%s: every test/types/*.test-d.ts is in the program its typecheck script compiles', (dir) => {
    const pkgDir = join(repo, 'packages', dir);
    const scripts = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.typecheck).toBe('tsc -p tsconfig.json');
    const parsed = ts.getParsedCommandLineOfConfigFile(join(pkgDir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    const files = readdirSync(join(pkgDir, 'test/types')).filter((f) => f.endsWith('.test-d.ts'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(parsed.fileNames).toContain(join(pkgDir, 'test/types', file).replaceAll('\\', '/'));
  });

  it('run inside pnpm test (typecheck is one of its tasks)', () => {
    const root = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(root.scripts.test).toMatch(/^turbo run build typecheck test /);
  });
});
