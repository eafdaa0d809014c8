// Measuring helpers shared by the benches: closed-loop load, medians, memory peaks, tables.
import { spawn } from 'node:child_process';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * `concurrency` workers call `op()` back to back for `durationMs`. Returns completed ops per second
 * and the CPU time this process spent per op (user + system, microseconds).
 */
export async function closedLoop({ concurrency, durationMs, op }) {
  let ops = 0;
  let errors = 0;
  let firstError;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      try {
        await op();
        ops++;
      } catch (error) {
        errors++;
        firstError ??= error;
        if (errors > 100) throw firstError;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { ops, errors, seconds, rps: ops / seconds, cpuUsPerOp: ops ? (cpu.user + cpu.system) / ops : NaN, firstError: firstError && String(firstError) };
}

/** Samples this process's RSS and heap every `everyMs` until stop(); stop() returns the peaks in bytes. */
export function memorySampler(everyMs = 5) {
  let peakRss = process.memoryUsage.rss();
  let peakHeap = process.memoryUsage().heapUsed;
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > peakRss) peakRss = rss;
    const heap = process.memoryUsage().heapUsed;
    if (heap > peakHeap) peakHeap = heap;
  };
  const timer = setInterval(sample, everyMs);
  return {
    sample,
    stop() {
      clearInterval(timer);
      sample();
      return { peakRss, peakHeap };
    },
  };
}

export function settle() {
  globalThis.gc?.();
  globalThis.gc?.();
}

export const MB = 1024 * 1024;
export const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : String(n));

/** Prints a markdown table and returns its text. */
export function table(headers, rows) {
  const lines = [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
  const text = lines.join('\n');
  console.log(text);
  return text;
}

/**
 * Runs a worker script in a fresh Node process (so its memory peak is its own) and returns the
 * JSON it prints on its last `RESULT ` line. `nodeArgs` go to node before the script.
 */
export function runWorker(script, args = [], { timeoutMs = 240_000, nodeArgs = [] } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', ...nodeArgs, script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').reverse().find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) return reject(new Error(`${script} ${args.join(' ')} ended ${signal ?? code}: ${out.slice(-2000)}`));
      resolve(JSON.parse(line.slice('RESULT '.length)));
    });
  });
}

export function emit(result) {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}
