// Bench 5: requests/s of GET /api/grants/:id through grantsRouter on Express 5, against the same
// grants-API call made from a bare node:http handler with no router. Servers in one child process,
// load from this one.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { closedLoop, emit, fmt, median, table } from './lib/measure.mjs';

const CONCURRENCY = 32;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 2000);

const child = fork(fileURLToPath(new URL('./app-host.mjs', import.meta.url)), [], { execArgv: process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const ready = await new Promise((resolve, reject) => {
  child.once('message', (m) => resolve(m.ready));
  child.once('exit', (code) => reject(new Error(`app host exited ${code}`)));
});
const headers = { authorization: 'Bearer bench-token', accept: 'application/json' };
const path = `/api/grants/${ready.grantId}`;
const servers = { express: ready.express, 'bare handler': ready.bare, 'express hello': ready.hello, 'bare hello': ready.bareHello };
const pools = Object.fromEntries(Object.entries(servers).map(([name, url]) => [name, new Pool(url, { connections: 64 })]));
const op = (pool) => async () => {
  const res = await pool.request({ path, method: 'GET', headers });
  const body = await res.body.json();
  if (res.statusCode !== 200 || body.id !== ready.grantId) throw new Error(`status ${res.statusCode}`);
};
const samples = Object.fromEntries(Object.keys(servers).map((name) => [name, []]));
for (const pool of Object.values(pools)) await closedLoop({ concurrency: CONCURRENCY, durationMs: 1000, op: op(pool) });
for (let run = 0; run < RUNS; run++) {
  const names = Object.keys(servers);
  for (const name of run % 2 ? names.reverse() : names) {
    const r = await closedLoop({ concurrency: CONCURRENCY, durationMs: RUN_MS, op: op(pools[name]) });
    if (r.errors) throw new Error(`${name}: ${r.errors} errors, first: ${r.firstError}`);
    samples[name].push(r.rps);
  }
}
await Promise.all(Object.values(pools).map((p) => p.close()));
child.kill('SIGINT'); await new Promise((r) => child.once('exit', r));
const expressRps = median(samples.express);
const bareRps = median(samples['bare handler']);
const helloRps = median(samples['express hello']);
const bareHelloRps = median(samples['bare hello']);
console.log(`\n## 5. Express router: GET /api/grants/:id, concurrency ${CONCURRENCY}, ${RUNS} runs x ${RUN_MS} ms, median`);
const text = table(
  ['server', 'req/s (median)', 'runs'],
  [
    ['grantsRouter on Express 5', fmt(expressRps), samples.express.map(Math.round).join(', ')],
    ['same API call, bare node:http, no router', fmt(bareRps), samples['bare handler'].map(Math.round).join(', ')],
    ['reference: Express 5, fixed JSON, no grants API', fmt(helloRps), samples['express hello'].map(Math.round).join(', ')],
    ['reference: bare node:http, fixed JSON', fmt(bareHelloRps), samples['bare hello'].map(Math.round).join(', ')],
  ],
);
const perRequestUs = (rps) => 1e6 / rps;
console.log(
  `ratio grantsRouter/no router: ${(expressRps / bareRps).toFixed(3)}; Express alone: ${(helloRps / bareHelloRps).toFixed(3)}. ` +
    `Added per request: router ${fmt(perRequestUs(expressRps) - perRequestUs(bareRps))} µs, Express alone ${fmt(perRequestUs(helloRps) - perRequestUs(bareHelloRps))} µs`,
);
emit({ bench: 'express', expressRps, bareRps, helloRps, bareHelloRps, ratio: expressRps / bareRps, expressAloneRatio: helloRps / bareHelloRps, table: text });
