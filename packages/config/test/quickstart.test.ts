import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs helper without types
import { quickStartCommand, quickStartCommands } from '../../../.ci/quickstart.mjs';

const root = new URL('../../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const ciRun = readFileSync(new URL('.ci/run', root), 'utf8');

describe('README Quick start and .ci/run', () => {
  it('has exactly two command lines: one starts the example, one runs every test', () => {
    const lines: string[] = quickStartCommands(readme);
    expect(lines).toHaveLength(2);
    expect(lines.filter((l) => l.endsWith('&& pnpm start'))).toHaveLength(1);
    expect(lines.filter((l) => l.endsWith('&& pnpm test'))).toHaveLength(1);
  });

  it('sets up from nothing but Node: corepack, then a frozen install', () => {
    for (const line of quickStartCommands(readme) as string[]) {
      expect(line.startsWith('corepack enable && pnpm install --frozen-lockfile && ')).toBe(true);
    }
  });

  it('.ci/run executes the README test command it reads from README.md', () => {
    expect(ciRun).toContain('node .ci/quickstart.mjs test');
    expect(ciRun).toMatch(/bash -c "\$cmd"/);
    expect(quickStartCommand(readme, 'test')).toBe('corepack enable && pnpm install --frozen-lockfile && pnpm test');
  });

  it('pins pnpm with its sha512 hash', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { packageManager: string };
    expect(pkg.packageManager).toMatch(/^pnpm@10\.34\.9\+sha512\.[0-9a-f]{128}$/);
  });
});

describe('.ci/summary.mjs', () => {
  it('sums every vitest total into one closing line, ANSI colours and all', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'summary-')), 'log');
    writeFileSync(file, 'a:test:       Tests  3 passed (3)\nb:test: \x1b[2m      Tests \x1b[22m \x1b[32m4 passed\x1b[39m | 2 failed | 1 skipped (7)\nTests are fun (1)\n');
    const out = execFileSync(process.execPath, [new URL('.ci/summary.mjs', root).pathname, file], { encoding: 'utf8' });
    expect(out.trim()).toBe('7 passed, 2 failed, 1 skipped');
  });
});
