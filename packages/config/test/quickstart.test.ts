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
    expect(ciRun).toMatch(/exec bash -c "\$cmd"/);
    expect(quickStartCommand(readme, 'test')).toBe('corepack enable && pnpm install --frozen-lockfile && pnpm test');
  });

  it('pins pnpm with its sha512 hash', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { packageManager: string };
    expect(pkg.packageManager).toMatch(/^pnpm@10\.34\.9\+sha512\.[0-9a-f]{128}$/);
  });
});
