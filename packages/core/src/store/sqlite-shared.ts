/**
 * One libsql client and one writer per database file per process, shared by every
 * SqliteGrantStore opened on it. Two writers in one process would deadlock: SQLite's busy handler
 * waits by blocking the thread, so a second handle waiting for the first handle's write
 * transaction would stop the very event loop that has to finish it. Sharing the writer queues
 * them instead. The registry lives on globalThis so that the ESM and CJS builds, if both are
 * loaded, still share it.
 */
import type { Client } from '@libsql/client';
import type { SqliteWriter } from './sqlite-writer.js';

interface Shared {
  db: Client;
  writer: SqliteWriter;
  refs: number;
}

const REGISTRY = Symbol.for('grantkit.sqlite-store.shared');
const registry: Map<string, Promise<Shared>> = ((globalThis as Record<symbol, unknown>)[REGISTRY] as Map<string, Promise<Shared>> | undefined) ?? new Map();
(globalThis as Record<symbol, unknown>)[REGISTRY] = registry;

/** `path` null (an in-memory database) is never shared. */
export async function openShared(
  path: string | null,
  create: () => Promise<{ db: Client; writer: SqliteWriter }>,
): Promise<{ db: Client; writer: SqliteWriter; release: () => void }> {
  if (path === null) {
    const { db, writer } = await create();
    return { db, writer, release: () => db.close() };
  }
  let entry = registry.get(path);
  if (!entry) {
    entry = create().then((made) => ({ ...made, refs: 0 }));
    registry.set(path, entry);
    entry.catch(() => registry.delete(path));
  }
  const shared = await entry;
  shared.refs++;
  let released = false;
  return {
    db: shared.db,
    writer: shared.writer,
    release: () => {
      if (released) return;
      released = true;
      if (--shared.refs > 0) return;
      registry.delete(path);
      shared.db.close();
    },
  };
}
