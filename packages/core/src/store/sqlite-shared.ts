/**
 * One pair of connections and one writer per database file per process, shared by every
 * SqliteGrantStore opened on it. Two writers in one process would deadlock: SQLite's busy handler
 * waits by blocking the thread, so a second handle waiting for the first handle's write
 * transaction would stop the very event loop that has to finish it. Sharing the writer queues
 * them instead. The registry lives on globalThis so that the ESM and CJS builds, if both are
 * loaded, still share it.
 */
import type { Statements } from './sqlite-db.js';
import type { SqliteWriter } from './sqlite-writer.js';

export interface SqliteHandles {
  /** Statements on the read connection: committed data only (WAL), never blocked by the writer. */
  reads: Statements;
  writer: SqliteWriter;
  close(): void;
}

interface Shared extends SqliteHandles {
  refs: number;
}

const REGISTRY = Symbol.for('grantkit.sqlite-store.shared');
const registry: Map<string, Promise<Shared>> = ((globalThis as Record<symbol, unknown>)[REGISTRY] as Map<string, Promise<Shared>> | undefined) ?? new Map();
(globalThis as Record<symbol, unknown>)[REGISTRY] = registry;

/** `path` null (an in-memory database) is never shared. */
export async function openShared(path: string | null, create: () => Promise<SqliteHandles>): Promise<SqliteHandles> {
  if (path === null) return create();
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
    reads: shared.reads,
    writer: shared.writer,
    close: () => {
      if (released) return;
      released = true;
      if (--shared.refs > 0) return;
      registry.delete(path);
      shared.close();
    },
  };
}
