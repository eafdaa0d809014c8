// Sums the "Tests  N passed | M failed (T)" lines vitest prints per package into one closing
// line, "N passed, M failed", so a reader of the CI log sees the whole suite's count at the end.
import { readFileSync } from 'node:fs';

const text = readFileSync(process.argv[2], 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const line of text.split('\n')) {
  const m = line.match(/^\S*\s*Tests\s+(.*)\(\d+\)\s*$/);
  if (!m) continue;
  passed += Number(m[1].match(/(\d+) passed/)?.[1] ?? 0);
  failed += Number(m[1].match(/(\d+) failed/)?.[1] ?? 0);
  skipped += Number(m[1].match(/(\d+) skipped/)?.[1] ?? 0);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
