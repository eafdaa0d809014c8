/**
 * Schema migrations of SqliteGrantStore, applied in order on open and recorded in
 * schema_migrations. Append new entries; never edit one that has shipped.
 */
export const MIGRATIONS: ReadonlyArray<readonly string[]> = [
  [
    `CREATE TABLE grants (
      id TEXT PRIMARY KEY,
      provider TEXT NOT NULL,
      external_id TEXT,
      status TEXT NOT NULL,
      idempotency_key TEXT NOT NULL UNIQUE,
      user_id TEXT,
      user_identity_id TEXT,
      starts_at_ms INTEGER,
      ends_at_ms INTEGER,
      pending_op TEXT,
      lease_owner TEXT,
      lease_until INTEGER,
      version INTEGER NOT NULL,
      checked_at INTEGER,
      data TEXT NOT NULL
    )`,
    'CREATE INDEX grants_status ON grants (status)',
    'CREATE INDEX grants_user ON grants (user_id)',
    'CREATE INDEX grants_user_identity ON grants (user_identity_id)',
    'CREATE INDEX grants_external ON grants (provider, external_id)',
    `CREATE TABLE grant_events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      grant_id TEXT NOT NULL,
      at TEXT NOT NULL,
      data TEXT NOT NULL
    )`,
    'CREATE INDEX grant_events_grant ON grant_events (grant_id, seq)',
  ],
];
