/**
 * Schema migrations of SqliteGrantStore, applied in order on open, each in one write transaction,
 * and recorded in schema_migrations. Append new entries; never edit one that has shipped.
 */
import type { Statements } from './sqlite-db.js';
import { upgradeToAccesses } from './sqlite-upgrade.js';

export interface Migration {
  statements: readonly string[];
  /** A data step run after the statements, in the same transaction. */
  upgrade?: (st: Statements) => void;
}

/** Version 1 (wave 1): grants and their events. */
const V1: readonly string[] = [
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
];

/**
 * Version 2: accesses (what a provider holds) with their claims and leases; grants belong to one
 * access and carry a person and an indexed due time; leases and drift checks move to accesses.
 * `upgradeToAccesses` groups the existing grants into their accesses.
 */
const V2: readonly string[] = [
  `CREATE TABLE accesses (
    id TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    access_key TEXT NOT NULL UNIQUE,
    external_id TEXT,
    state TEXT NOT NULL,
    pending_op TEXT,
    lease_owner TEXT,
    lease_until INTEGER,
    due_at INTEGER,
    check_at INTEGER,
    version INTEGER NOT NULL,
    data TEXT NOT NULL
  )`,
  'CREATE INDEX accesses_due ON accesses (due_at, id) WHERE due_at IS NOT NULL',
  'CREATE INDEX accesses_check ON accesses (check_at, id) WHERE check_at IS NOT NULL',
  'ALTER TABLE grants ADD COLUMN person_id TEXT',
  'ALTER TABLE grants ADD COLUMN access_id TEXT',
  'ALTER TABLE grants ADD COLUMN due_at INTEGER',
  'ALTER TABLE grants DROP COLUMN lease_owner',
  'ALTER TABLE grants DROP COLUMN lease_until',
  'ALTER TABLE grants DROP COLUMN checked_at',
  'CREATE INDEX grants_person ON grants (person_id) WHERE person_id IS NOT NULL',
  'CREATE INDEX grants_access ON grants (access_id)',
  'CREATE INDEX grants_due ON grants (due_at, id) WHERE due_at IS NOT NULL',
];

export const MIGRATIONS: readonly Migration[] = [{ statements: V1 }, { statements: V2, upgrade: upgradeToAccesses }];
