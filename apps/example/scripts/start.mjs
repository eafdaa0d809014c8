/**
 * `pnpm start` at the repository root: builds what the example app needs (turbo; cached, so only
 * the first build is slow), saying so first, then runs the app in this same process. The root
 * script `exec`s this file, so nothing stands between pnpm and the app: Ctrl+C reaches the app,
 * which stops cleanly with exit code 0, and pnpm has no failed command to report.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TURBO = createRequire(import.meta.url).resolve('turbo/bin/turbo');

console.log('Building the grantkit packages and the example app (about a minute the first time, a few seconds once cached)...');
const started = Date.now();
const build = spawn(process.execPath, [TURBO, 'run', 'build', '--filter=./apps/*', '--output-logs=errors-only'], { cwd: ROOT, stdio: 'inherit' });

// Ctrl+C reaches turbo too (same process group); a signal sent to this process alone is passed on.
let stopped = false;
const stop = (signal) => {
  stopped = true;
  if (build.exitCode === null) build.kill(signal);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
const code = await new Promise((resolve) => build.once('exit', (exitCode) => resolve(exitCode ?? 1)));
process.off('SIGINT', stop);
process.off('SIGTERM', stop);

if (stopped) {
  console.log('Stopped before the app started.');
  process.exit(0);
}
if (code !== 0) {
  console.error(`The build failed (turbo exit code ${code}); its errors are above.`);
  process.exit(code);
}
console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s. Starting the example app...`);
await import('../dist/main.js');
