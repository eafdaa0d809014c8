/**
 * The packaging rules every published package follows (DESIGN.md "Packaging"), checked on the
 * manifests so a new package or a new subpath cannot drift from them: node10 resolution through
 * typesVersions, attw with every resolution profile, one version for all, the changesets group.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const packagesDir = new URL('../../', import.meta.url);
const readJson = (url: URL) => JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;

interface Conditions {
  types: string;
  default: string;
}
interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  type?: string;
  files?: string[];
  sideEffects?: boolean;
  engines?: { node?: string };
  exports: Record<string, { import: Conditions; require: Conditions } | string>;
  typesVersions?: Record<string, Record<string, string[]>>;
  scripts: Record<string, string>;
}

const published = readdirSync(packagesDir)
  .map((dir) => {
    try {
      return readJson(new URL(`${dir}/package.json`, packagesDir)) as unknown as Manifest;
    } catch {
      return undefined;
    }
  })
  .filter((m): m is Manifest => m !== undefined && !m.private);

describe('published package manifests', () => {
  it('finds the five published packages', () => {
    expect(published.map((m) => m.name).sort()).toEqual(['@grantkit/core', '@grantkit/express', '@grantkit/nestjs', '@grantkit/seam', '@grantkit/testing']);
  });

  it.each(published.map((m) => [m.name, m] as const))('%s: ESM + CJS exports with types first, dist only, no side effects, Node >= 20.19', (_name, m) => {
    expect(m.type).toBe('module');
    expect(m.files).toEqual(['dist']);
    expect(m.sideEffects).toBe(false);
    expect(m.engines?.node).toBe('>=20.19');
    expect(m.exports['./package.json']).toBe('./package.json');
    for (const [subpath, target] of Object.entries(m.exports)) {
      if (subpath === './package.json') continue;
      expect(typeof target, subpath).toBe('object');
      const t = target as { import: Conditions; require: Conditions };
      expect(Object.keys(t), subpath).toEqual(['import', 'require']);
      expect(Object.keys(t.import), subpath).toEqual(['types', 'default']);
      expect(Object.keys(t.require), subpath).toEqual(['types', 'default']);
    }
  });

  it.each(published.map((m) => [m.name, m] as const))('%s: every subpath has a typesVersions entry to its CJS types (node10 resolution)', (_name, m) => {
    const subpaths = Object.keys(m.exports).filter((s) => s !== '.' && s !== './package.json');
    const expected = Object.fromEntries(
      subpaths.map((s) => [s.slice(2), [(m.exports[s] as { require: Conditions }).require.types]]),
    );
    if (subpaths.length === 0) expect(m.typesVersions).toBeUndefined();
    else expect(m.typesVersions).toEqual({ '*': expected });
  });

  it.each(published.map((m) => [m.name, m] as const))('%s: lint:pkg runs publint strictly and attw with every resolution profile', (_name, m) => {
    expect(m.scripts['lint:pkg']).toBe('publint --strict && attw --pack . --profile strict');
  });

  it('gives every published package one version, released together by changesets', () => {
    expect(new Set(published.map((m) => m.version)).size).toBe(1);
    const config = readJson(new URL('../.changeset/config.json', packagesDir)) as { fixed: string[][]; privatePackages: unknown };
    expect(config.fixed.map((group) => [...group].sort())).toEqual([published.map((m) => m.name).sort()]);
    expect(config.privatePackages).toEqual({ version: false, tag: false });
  });
});
