// `pnpm bench`: runs every bench in its own process, one after the other (they must not share the
// two cores), prints their tables and writes them with the machine to bench/out/latest.md.
// `node src/run.mjs transport list` runs only those.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const BENCHES = {
  transport: 'bench-transport.mjs',
  sdk: 'bench-sdk.mjs',
  bulk: 'bench-bulk.mjs',
  list: 'bench-list.mjs',
  express: 'bench-express.mjs',
  service: 'bench-service.mjs',
  scheduler: 'bench-scheduler.mjs',
  due: 'bench-due.mjs',
};
/** Benches that need longer than the default backstop (the scheduler baseline waits 90 s; due builds 1M rows). */
const TIMEOUTS_MS = { scheduler: 10 * 60_000, due: 15 * 60_000 };
const wanted = process.argv.slice(2).filter((a) => a in BENCHES);
const names = wanted.length ? wanted : Object.keys(BENCHES);

function runBench(file, timeoutMs = 5 * 60_000) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', fileURLToPath(new URL(file, import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      for (const line of String(d).split('\n')) if (line && !line.startsWith('RESULT ')) process.stdout.write(`${line}\n`);
    });
    // Every bench bounds itself; this is the backstop.
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) reject(new Error(`${file} ended ${signal ?? code}`));
      else resolve({ result: JSON.parse(line.slice(7)), text: out.split('\n').filter((l) => !l.startsWith('RESULT ')).join('\n').trim() });
    });
  });
}

const cpuModel = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model ?? 'unknown';
const machine = `node ${process.version}, nproc ${cpus().length}, ${cpuModel}, ${new Date().toISOString()}`;
console.log(`grantkit benchmarks on ${machine}`);
const started = Date.now();
const sections = [];
let failed = false;
for (const name of names) {
  try {
    const { text } = await runBench(BENCHES[name], TIMEOUTS_MS[name]);
    sections.push(text);
  } catch (error) {
    failed = true;
    console.error(String(error));
    sections.push(`## ${name}: did not finish (${String(error).slice(0, 200)})`);
  }
}
const total = ((Date.now() - started) / 1000).toFixed(0);
console.log(`\nall benches: ${total} s`);
mkdirSync(fileURLToPath(new URL('../out/', import.meta.url)), { recursive: true });
writeFileSync(fileURLToPath(new URL('../out/latest.md', import.meta.url)), `Machine: ${machine}; total ${total} s\n\n${sections.join('\n\n')}\n`);
if (failed) process.exitCode = 1;
