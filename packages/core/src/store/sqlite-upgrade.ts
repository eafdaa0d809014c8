/**
 * The data step of schema version 2: a wave-1 database has grants only. Every grant gets the
 * access it claims (grants grouped by provider identity, `accessKeyOf`), nothing is dropped, and
 * every access that may be owed work is marked due so the first sweep looks at it.
 *
 * Decisions for wave-1 data (documented in the core README):
 * - an access is held when one of its live grants has a provider id; its ZITADEL role keys are the
 *   union of the live grants' keys (a drift check soon reads the real set: `checkAt` is 0);
 * - migrated accesses are treated as created by grantkit, not adopted: wave 1 removed an access
 *   when one of its grants was revoked, and revoking the last claim keeps doing that;
 * - a create intent left by a crashed wave-1 process becomes the access's create intent, so the
 *   next holder looks at the provider before creating anything.
 */
import { accessKeyOf } from '../domain/access.js';
import { newId } from '../domain/ids.js';
import { LIVE_STATUSES } from '../domain/status.js';
import type { AccessRecord, GrantRecord } from './types.js';
import type { Statements } from './sqlite-db.js';
import { accessRowValues, grantRowValues, UPSERT_ACCESS, UPSERT_GRANT } from './sqlite-rows.js';

type Wave1Grant = Omit<GrantRecord, 'accessId' | 'version'> & { leaseOwner?: unknown; leaseUntil?: unknown; checkedAt?: unknown };

export function upgradeToAccesses(st: Statements): void {
  const rows = st.all('SELECT data, version FROM grants ORDER BY id');
  const groups = new Map<string, GrantRecord[]>();
  for (const row of rows) {
    const { leaseOwner: _o, leaseUntil: _u, checkedAt: _c, ...old } = JSON.parse(String(row.data)) as Wave1Grant;
    const key = accessKeyOf(old.request, old.id);
    const grant: GrantRecord = { ...old, accessId: '', version: Number(row.version) };
    const group = groups.get(key);
    if (group) group.push(grant);
    else groups.set(key, [grant]);
  }
  const accesses: AccessRecord[] = [];
  const migrated: GrantRecord[] = [];
  for (const [key, grants] of groups) {
    const access = accessOf(key, grants);
    accesses.push(access);
    for (const g of grants) migrated.push({ ...g, accessId: access.id });
  }
  for (const a of accesses) st.run(UPSERT_ACCESS, accessRowValues(a));
  for (const g of migrated) st.run(UPSERT_GRANT, grantRowValues(g));
}

function accessOf(key: string, grants: GrantRecord[]): AccessRecord {
  const first = grants[0]!;
  const live = grants.filter((g) => LIVE_STATUSES.includes(g.status));
  const withId = [...live].reverse().find((g) => g.externalId !== null) ?? [...grants].reverse().find((g) => g.externalId !== null);
  const held = live.some((g) => g.externalId !== null && g.status !== 'revoking');
  const removing = !held && live.some((g) => g.status === 'revoking');
  const roleKeys = [...new Set(live.flatMap((g) => ((g.target as { roleKeys?: string[] }).roleKeys ?? [])))].sort();
  const crashedCreate = grants.some((g) => g.pendingOp === 'create' && g.externalId === null);
  const owed = grants.some((g) => g.pendingOp !== null);
  const now = new Date().toISOString();
  return {
    id: newId('ac'),
    provider: first.provider,
    key,
    externalId: withId?.externalId ?? null,
    state: held ? 'held' : removing ? 'removing' : 'absent',
    request: first.request,
    createKey: first.id,
    applied: first.provider === 'zitadel' && held ? { roleKeys } : {},
    adopted: null,
    details: { ...(withId?.details ?? {}), migratedFrom: 'wave-1' },
    pendingOp: crashedCreate && !held ? 'create' : null,
    attempts: 0,
    leaseOwner: null,
    leaseUntil: null,
    dueAt: owed ? 0 : null,
    checkAt: held || removing ? 0 : null,
    createdAt: first.createdAt,
    updatedAt: now,
    version: 0,
  };
}
