/**
 * Runs the BUILT app (`node dist/main.js`) as a child process on an ephemeral port with a
 * throwaway data folder, and reads what it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MAIN = join(APP_DIR, 'dist', 'main.js');

/** Every variable .env.example lists: the settings the app reads. */
export const SETTINGS: readonly string[] = [...readFileSync(join(APP_DIR, '.env.example'), 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);

/** All of them empty (unset) unless a test sets them: an apps/example/.env on the developer's machine cannot leak in. */
const UNSET = Object.fromEntries(SETTINGS.map((name) => [name, '']));

export interface RunningApp {
  child: ChildProcess;
  url: string;
  dataDir: string;
  output(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  cleanup(): Promise<void>;
}

/** The API token the app printed in its banner (one it generated, as no test sets one). */
export function tokenOf(app: Pick<RunningApp, 'output'>): string {
  const match = /API token: (\S+)/.exec(app.output());
  if (!match) throw new Error('the app printed no API token');
  return match[1]!;
}

export async function startApp(env: Record<string, string> = {}, readyTimeoutMs = 20_000): Promise<RunningApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'grantkit-example-'));
  const child = spawn(process.execPath, [MAIN], {
    cwd: APP_DIR,
    env: {
      ...process.env,
      ...UNSET,
      PORT: '0',
      GRANTKIT_DATA_DIR: dataDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`app not ready in ${readyTimeoutMs} ms:\n${out}`)), readyTimeoutMs);
    const check = () => {
      // The banner ends with the "Stop with Ctrl+C" line; wait for all of it.
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1] && out.includes('Stop with Ctrl+C')) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code} before it was ready:\n${out}`));
    });
  });

  return {
    child,
    url,
    dataDir,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    cleanup: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ExitedApp {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together. */
  output: string;
}

/** Runs the app expecting it to refuse to start; resolves with its exit code and output. */
export async function runAppExpectingExit(env: Record<string, string>): Promise<ExitedApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'grantkit-example-'));
  try {
    const child = spawn(process.execPath, [MAIN], {
      cwd: APP_DIR,
      env: { ...process.env, ...UNSET, PORT: '0', GRANTKIT_DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await new Promise<number | null>((r) => child.once('close', (c) => r(c)));
    clearTimeout(timer);
    return { code, stdout, stderr, output: stdout + stderr };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
