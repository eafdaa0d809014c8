/**
 * `pnpm start` from the repository root, as a user runs it: it says what it does before the build
 * (which is silent otherwise, ~20 s on a fresh clone), and Ctrl+C (SIGINT to the whole process
 * group, as a terminal sends it) stops the app quietly: exit code 0, no failed command reported.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_DIR, SETTINGS } from './helpers/app-process.js';

const ROOT = resolve(APP_DIR, '..', '..');
let dataDir: string | undefined;
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('pnpm start', () => {
  it('says it is building, then on Ctrl+C stops the app and exits 0 without ELIFECYCLE', { timeout: 150_000 }, async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'grantkit-start-'));
    // Not inside the test runner's turbo task: the nested build is a turbo run of its own.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TURBO_')));
    const child = spawn('pnpm', ['start'], {
      cwd: ROOT,
      detached: true, // its own process group, like a terminal's foreground job
      env: { ...env, ...Object.fromEntries(SETTINGS.map((name) => [name, ''])), PORT: '0', GRANTKIT_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
    try {
      await new Promise<void>((ready, fail) => {
        const timer = setTimeout(() => fail(new Error(`not ready in 120 s:\n${out}`)), 120_000);
        const check = () => {
          if (!out.includes('Stop with Ctrl+C')) return;
          clearTimeout(timer);
          ready();
        };
        child.stdout.on('data', check);
        void exited.then(() => fail(new Error(`pnpm start exited before the app was ready:\n${out}`)));
      });
      const building = out.indexOf('Building the grantkit packages');
      expect(building, out).toBeGreaterThanOrEqual(0);
      expect(building).toBeLessThan(out.indexOf('Starting the example app'));
      expect(out.indexOf('Starting the example app')).toBeLessThan(out.indexOf('listening on'));

      process.kill(-child.pid!, 'SIGINT');
      const { code, signal } = await exited;
      expect({ code, signal }, out).toEqual({ code: 0, signal: null });
      expect(out).not.toContain('ELIFECYCLE');
      expect(out).not.toContain('Command failed');
      expect(out.match(/SIGINT received/g)).toHaveLength(1);
      expect(out.match(/^Stopped\.$/gm)).toHaveLength(1);
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
  });
});
