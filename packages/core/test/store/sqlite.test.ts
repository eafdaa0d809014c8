import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteGrantStore } from '../../src/sqlite.js';
import { ConfigError } from '../../src/errors.js';
import { grantStoreConformance } from './conformance.js';
import { record } from './records.js';

const dir = mkdtempSync(join(tmpdir(), 'grantkit-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
let current = '';

grantStoreConformance(
  'SqliteGrantStore (file)',
  async () => {
    current = join(dir, `store-${++n}.db`);
    return SqliteGrantStore.open({ path: current });
  },
  () => SqliteGrantStore.open({ path: current }),
);

describe('SqliteGrantStore specifics', () => {
  it('keeps data across close and reopen, and migrating twice is harmless', async () => {
    const path = join(dir, 'durable.db');
    const first = await SqliteGrantStore.open({ path });
    const r = record();
    await first.transact(async (tx) => tx.putGrant(r));
    await first.close();
    const second = await SqliteGrantStore.open({ path });
    expect(await second.getGrant(r.id)).toEqual(r);
    await second.close();
  });

  it('opens exactly the path it was given: % and ? in a directory name stay literal', async () => {
    const odd = join(dir, 'p%41 ?x#y');
    mkdirSync(odd);
    const store = await SqliteGrantStore.open({ path: join(odd, 'grants.db') });
    await store.transact(async (tx) => tx.putGrant(record()));
    await store.close();
    expect(existsSync(join(odd, 'grants.db'))).toBe(true);
    // Not the decoded neighbour a file: URL built by hand would have opened.
    expect(existsSync(join(dir, 'pA ?x#y'))).toBe(false);
  });

  it('keeps no memory per write: 20,000 units grow a process by less than 25 MB', () => {
    // @libsql/client prepared every statement anew and kept ~3 KB of native memory per call
    // (20,000 units with 2 statements each grew it by ~130 MB); prepared statements are reused now.
    const script = fileURLToPath(new URL('../fixtures/store-memory.mjs', import.meta.url));
    const out = execFileSync(process.execPath, ['--expose-gc', script, join(dir, 'memory.db'), '20000'], { encoding: 'utf8', timeout: 60_000 });
    expect(Number(out.trim())).toBeLessThan(25);
  }, 70_000);

  it('refuses to open without a path, with a message that shows the fix', async () => {
    await expect(SqliteGrantStore.open({} as never)).rejects.toThrow(ConfigError);
    await expect(SqliteGrantStore.open({} as never)).rejects.toThrow(/SqliteGrantStore.open\(\{ path/);
  });
});
