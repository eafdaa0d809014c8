// Bench 7: finding due work must not cost more as the store grows (issue 17). The four queries
// the scheduler runs (due grants, due accesses, the next due time, the drift order) on
// MemoryGrantStore and SqliteGrantStore at 10,000, 100,000 and 1,000,000 active grants (each with
// its own access); the median of 300 calls each must stay within 1.5x from 10,000 to 1,000,000.
// `list` (a page of 100) is shown as the reference the issue compared against. Every cell runs in
// a fresh process (due-worker.mjs); a SQLite file is built by a process per 100,000 grants.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emit, fmt, runWorker, table } from './lib/measure.mjs';

const worker = fileURLToPath(new URL('./due-worker.mjs', import.meta.url));
const SIZES = (process.env.BENCH_DUE_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const STORES = (process.env.BENCH_DUE_STORES ?? 'memory,sqlite').split(',');
const CHUNK = 100_000;
const LIMIT = 1.5;
const QUERIES = ['dueGrants', 'dueAccesses', 'nextDueAt', 'staleAccesses'];

const dir = mkdtempSync(join(tmpdir(), 'grantkit-bench-due-'));
const cells = {};
try {
  for (const kind of STORES) {
    for (const size of SIZES) {
      process.env.BENCH_DUE_NOW = String(Date.now());
      let buildSeconds = 0;
      const path = join(dir, `${kind}-${size}.db`);
      if (kind === 'sqlite') {
        for (let from = 0; from < size; from += CHUNK) {
          const r = await runWorker(worker, ['build', path, String(size), String(from), String(Math.min(size, from + CHUNK))], { timeoutMs: 300_000 });
          buildSeconds += r.seconds;
        }
      }
      // The memory store at 1,000,000 holds ~2M records on the JS heap.
      const r = await runWorker(worker, ['measure', kind, String(size), path], { timeoutMs: 600_000, nodeArgs: ['--max-old-space-size=8192'] });
      cells[`${kind}:${size}`] = { ...r, buildSeconds: kind === 'sqlite' ? buildSeconds : r.buildSeconds };
      console.error(`due ${kind} ${fmt(size)}: built in ${cells[`${kind}:${size}`].buildSeconds.toFixed(1)} s; ${QUERIES.map((q) => `${q} ${r.timings[q].median.toFixed(3)} ms`).join(', ')}`);
      rmSync(path, { force: true });
      rmSync(`${path}-wal`, { force: true });
      rmSync(`${path}-shm`, { force: true });
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const first = SIZES[0];
const last = SIZES.at(-1);
const rows = [];
let pass = true;
for (const kind of STORES) {
  for (const q of [...QUERIES, 'list']) {
    const medians = SIZES.map((n) => cells[`${kind}:${n}`].timings[q].median);
    const ratio = medians.at(-1) / medians[0];
    const judged = q !== 'list';
    if (judged && !(ratio <= LIMIT)) pass = false;
    rows.push([kind, q, ...medians.map((m) => (m < 0.1 ? m.toFixed(4) : m.toFixed(3))), ratio.toFixed(2), judged ? (ratio <= LIMIT ? 'PASS' : 'FAIL') : 'reference']);
  }
}
console.log(`\n## 7. Finding due work as the store grows: median ms of ${process.env.BENCH_DUE_CALLS ?? 300} calls, 1,000 of each kind due at every size`);
const text = table(['store', 'query', ...SIZES.map((n) => `${fmt(n)} grants`), `ratio ${fmt(last)}/${fmt(first)}`, `target <= ${LIMIT}`], rows);
const builds = STORES.map((k) => `${k} ${SIZES.map((n) => `${fmt(n)}: ${cells[`${k}:${n}`].buildSeconds.toFixed(1)} s`).join(', ')}`).join('; ');
console.log(`build (through transact, 50,000 rows a unit): ${builds}`);
console.log(`target: each due-work query within ${LIMIT}x from ${fmt(first)} to ${fmt(last)} grants, on every store: ${pass ? 'PASS' : 'FAIL'}`);
emit({ bench: 'due', sizes: SIZES, cells, pass, table: text });
