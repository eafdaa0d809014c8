/**
 * Fresh consumer apps for the published packages, built the way a user's install would be but
 * offline: the packages are packed with `pnpm pack` (so `workspace:*` becomes a version and only
 * `files` ship) and unpacked into the consumer's node_modules; their third-party dependencies and
 * the framework are linked from the workspace's own install.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REPO_DIR = fileURLToPath(new URL('../../../', import.meta.url));
const PACKAGES_DIR = join(REPO_DIR, 'packages');
const FIXTURE = fileURLToPath(new URL('./fixture/main.ts', import.meta.url));

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** The published packages: every packages/* that is not private, by folder. */
export async function publishedPackages(): Promise<Array<{ dir: string; manifest: Manifest }>> {
  const found: Array<{ dir: string; manifest: Manifest }> = [];
  for (const entry of await readdir(PACKAGES_DIR)) {
    const dir = join(PACKAGES_DIR, entry);
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8').catch(() => '{"private":true}')) as Manifest;
    if (!manifest.private) found.push({ dir, manifest });
  }
  return found;
}

/** pnpm as the one running this test (npm_execpath under `pnpm test`), else from PATH. */
function pnpm(args: string[], cwd: string) {
  const execPath = process.env.npm_execpath;
  return execPath && /pnpm/.test(execPath)
    ? run(process.execPath, [execPath, ...args], { cwd, timeout: 60_000 })
    : run('pnpm', args, { cwd, timeout: 60_000 });
}

export interface Packed {
  name: string;
  /** The package's folder in the workspace (its dependencies are linked from there). */
  dir: string;
  tarball: string;
  /** The package.json inside the tarball, as a registry would serve it. */
  manifest: Manifest;
}

/** Packs every published package into `dest`. */
export async function packAll(dest: string): Promise<Packed[]> {
  const packages = await publishedPackages();
  return Promise.all(
    packages.map(async ({ dir, manifest }) => {
      const out = join(dest, manifest.name.replace(/^@/, '').replace('/', '-'));
      await mkdir(out, { recursive: true });
      await pnpm(['pack', '--pack-destination', out], dir);
      const [file] = (await readdir(out)).filter((f) => f.endsWith('.tgz'));
      if (!file) throw new Error(`pnpm pack made no tarball for ${manifest.name}`);
      const tarball = join(out, file);
      const { stdout } = await run('tar', ['-xzOf', tarball, 'package/package.json']);
      return { name: manifest.name, dir, tarball, manifest: JSON.parse(stdout) as Manifest };
    }),
  );
}

/** The framework a consumer installs next to grantkit, linked from `from`'s node_modules. */
const FRAMEWORK = ['@nestjs/common', '@nestjs/core', '@nestjs/platform-express', 'express', '@types/express', 'reflect-metadata', 'rxjs'];

async function link(consumer: string, name: string, fromDir: string): Promise<void> {
  const target = realpathSync(join(fromDir, 'node_modules', name));
  const path = join(consumer, 'node_modules', name);
  await mkdir(dirname(path), { recursive: true });
  await symlink(target, path, 'dir');
}

export interface ConsumerOptions {
  /** A folder whose node_modules holds the NestJS and Express versions this consumer uses. */
  frameworkFrom: string;
  /** The consumer's package.json `type`. */
  type: 'commonjs' | 'module';
}

/** Makes a consumer in `dir`: package.json, src/main.ts (the fixture), node_modules. */
export async function createConsumer(dir: string, packed: Packed[], options: ConsumerOptions): Promise<void> {
  await mkdir(join(dir, 'src'), { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: options.type }));
  await copyFile(FIXTURE, join(dir, 'src', 'main.ts'));
  const linked = new Set<string>();
  for (const p of packed) {
    const target = join(dir, 'node_modules', p.name);
    await mkdir(target, { recursive: true });
    await run('tar', ['-xzf', p.tarball, '-C', target, '--strip-components=1']);
    for (const dep of Object.keys(p.manifest.dependencies ?? {})) {
      if (dep.startsWith('@grantkit/') || linked.has(dep)) continue;
      linked.add(dep);
      await link(dir, dep, p.dir);
    }
  }
  for (const name of FRAMEWORK) await link(dir, name, options.frameworkFrom);
  await link(dir, 'libsql', join(PACKAGES_DIR, 'core'));
  await link(dir, '@types/node', REPO_DIR);
}

export interface TscResult {
  ok: boolean;
  output: string;
}

/** Runs the workspace's TypeScript on `dir/<tsconfig>` (written from `compilerOptions`). */
export async function tsc(dir: string, name: string, compilerOptions: Record<string, unknown>): Promise<TscResult> {
  const tsconfig = join(dir, `tsconfig.${name}.json`);
  await writeFile(tsconfig, JSON.stringify({ compilerOptions: { types: ['node'], ...compilerOptions }, include: ['src'] }, null, 2));
  const tscBin = join(REPO_DIR, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    await run(process.execPath, [tscBin, '-p', tsconfig], { cwd: dir, timeout: 120_000 });
    return { ok: true, output: '' };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message };
  }
}

/** Runs a compiled entry point and parses the JSON line it prints last. */
export async function runConsumer(dir: string, entry: string): Promise<unknown> {
  const { stdout } = await run(process.execPath, [join(dir, entry)], { cwd: dir, timeout: 60_000 });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as unknown;
}
