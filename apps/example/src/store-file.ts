/**
 * The SQLite store file. In the all-fake demo it starts empty (grants of an earlier run point at
 * fakes that are gone); main.ts only gets here once the port is held, so a second instance never
 * deletes the running one's files. A folder that cannot hold the file names GRANTKIT_DATA_DIR.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SqliteGrantStore } from '@grantkit/core/sqlite';
import { AppConfigError } from './config.js';

export interface StoreFile {
  path: string;
  store: SqliteGrantStore;
}

export async function openStore(dataDir: string, demo: boolean): Promise<StoreFile> {
  const path = join(dataDir, demo ? 'grantkit-demo.db' : 'grantkit.db');
  try {
    await mkdir(dataDir, { recursive: true });
    if (demo) await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(path + suffix, { force: true })));
    return { path, store: await SqliteGrantStore.open({ path }) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    throw new AppConfigError([`GRANTKIT_DATA_DIR: cannot keep the store in "${dataDir.slice(0, 200)}"${code ? ` (${code})` : ''}; give a folder this process can write.`]);
  }
}
