/**
 * What an access should be, and the next provider write that gets it there. Pure functions over
 * one access and the open grants that point at it; the driver (converge.ts) runs them inside a
 * store unit, so every decision sees a consistent picture.
 *
 * The rule: the provider holds the union of the grants that claim the access. A grant claims it
 * while it is pending or active and not letting go (revoke, expire). An adopted access (held
 * before grantkit) stays held when no grant claims it, with its adopted role keys.
 */
import type { GrantUpdate, RevokeOptions } from '../domain/request.js';
import type { AccessRecord, GrantRecord } from '../store/types.js';

export interface AccessPolicy {
  /** Grants share accesses (false for Seam: every grant is its own access). */
  shared: boolean;
  /** The provider enforces windows itself. */
  nativeWindows: boolean;
  /** The access carries role keys (ZITADEL). */
  roleKeys: boolean;
}

export type Step =
  | { kind: 'create'; roleKeys?: string[] | undefined; window?: WindowSpec | undefined; lookFirst: boolean; recover: boolean }
  /**
   * Find what a create whose outcome is unknown made: when the access is no longer wanted, or
   * right after the create failed (`after`: that failure, reported if nothing is found).
   */
  | { kind: 'resolve'; after?: unknown }
  | { kind: 'update'; changes: GrantUpdate }
  | { kind: 'remove'; options: RevokeOptions }
  /** Re-read the provider (refresh, drift). */
  | { kind: 'read' };

export interface WindowSpec {
  startsAt: string | null;
  endsAt: string | null;
}

export function isLeaving(g: GrantRecord): boolean {
  return g.pendingOp === 'revoke' || g.pendingOp === 'expire';
}

/** Does this grant count towards what the provider must hold? */
export function claims(g: GrantRecord, access: AccessRecord, policy: AccessPolicy): boolean {
  if (isLeaving(g)) return false;
  if (g.status === 'pending' || g.status === 'active') return true;
  // A Seam grant whose provider grant exists but reports errors is still that grant's own access.
  return g.status === 'failed' && !policy.shared && access.state === 'held';
}

export function roleKeysOf(g: GrantRecord): string[] {
  const keys = (g.target as { roleKeys?: unknown }).roleKeys;
  return Array.isArray(keys) ? (keys as string[]) : [];
}

export interface Desired {
  held: boolean;
  roleKeys?: string[] | undefined;
  window?: WindowSpec | undefined;
  claiming: GrantRecord[];
}

export function desiredOf(access: AccessRecord, grants: GrantRecord[], policy: AccessPolicy): Desired {
  const claiming = grants.filter((g) => claims(g, access, policy));
  const held = claiming.length > 0 || access.adopted !== null;
  const desired: Desired = { held, claiming };
  if (!held) return desired;
  if (policy.roleKeys) desired.roleKeys = union([...claiming.flatMap(roleKeysOf), ...(access.adopted?.roleKeys ?? [])]);
  // A native window belongs to the one grant of the access (Seam accesses are never shared).
  if (policy.nativeWindows && claiming.length === 1) desired.window = { startsAt: claiming[0]!.window.startsAt, endsAt: claiming[0]!.window.endsAt };
  return desired;
}

/**
 * Is everything this claiming grant asks for held now? A new claim is satisfied once its keys are
 * held; a change also takes keys away, so it is satisfied once the provider holds the union
 * exactly (`grants`: the access's open grants).
 */
export function satisfied(g: GrantRecord, access: AccessRecord, policy: AccessPolicy, grants?: GrantRecord[]): boolean {
  if (access.state !== 'held') return false;
  if (policy.roleKeys) {
    const applied = new Set(access.applied.roleKeys ?? []);
    if (!roleKeysOf(g).every((k) => applied.has(k))) return false;
    if (g.pendingOp === 'update' && grants) {
      const desired = desiredOf(access, grants, policy).roleKeys;
      if (desired && !sameSet(desired, access.applied.roleKeys)) return false;
    }
  }
  if (policy.nativeWindows && !policy.shared) return sameWindow(g.window, access.applied);
  return true;
}

/**
 * The next provider write, or null when the provider already holds what the claims add up to.
 * `ended` tells that every grant letting go is expiring and the provider ends access itself then
 * (Seam): nothing to call, the access is simply over.
 */
export function nextStep(access: AccessRecord, grants: GrantRecord[], policy: AccessPolicy): Step | 'ended' | null {
  const desired = desiredOf(access, grants, policy);
  const unknownCreate = access.pendingOp === 'create' && access.state !== 'held';
  if (!desired.held) {
    if (unknownCreate) return { kind: 'resolve' };
    if (access.state !== 'held') return null;
    const leaving = grants.filter(isLeaving);
    if (policy.nativeWindows && leaving.length > 0 && leaving.every((g) => g.pendingOp === 'expire')) return 'ended';
    return { kind: 'remove', options: removeOptions(leaving) };
  }
  if (access.state !== 'held') {
    return { kind: 'create', roleKeys: desired.roleKeys, window: desired.window, lookFirst: access.externalId === null && !unknownCreate, recover: unknownCreate };
  }
  if (desired.roleKeys && !sameSet(desired.roleKeys, access.applied.roleKeys)) return { kind: 'update', changes: { roleKeys: desired.roleKeys } };
  if (desired.window && !sameWindow(desired.window, access.applied)) {
    return { kind: 'update', changes: { startsAt: desired.window.startsAt, endsAt: desired.window.endsAt } };
  }
  return null;
}

/** The revoke of the last grant to let go decides; deprovisioning if any of them asked for it. */
function removeOptions(leaving: GrantRecord[]): RevokeOptions {
  const last = leaving[leaving.length - 1];
  const args = (last?.pendingArgs ?? {}) as RevokeOptions;
  const options: RevokeOptions = {};
  const reason = args.reason ?? (last?.pendingOp === 'expire' ? 'window ended' : undefined);
  if (reason) options.reason = reason;
  if (leaving.some((g) => (g.pendingArgs as RevokeOptions | null)?.deprovision === true)) options.deprovision = true;
  return options;
}

export function union(keys: string[]): string[] {
  return [...new Set(keys)].sort();
}

export function sameSet(a: readonly string[], b: readonly string[] | undefined): boolean {
  if (!b || a.length !== b.length) return false;
  const set = new Set(b);
  return a.every((k) => set.has(k));
}

function sameWindow(a: { startsAt?: string | null | undefined; endsAt?: string | null | undefined }, b: { startsAt?: string | null | undefined; endsAt?: string | null | undefined }): boolean {
  return sameInstant(a.startsAt, b.startsAt) && sameInstant(a.endsAt, b.endsAt);
}

function sameInstant(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return Date.parse(a) === Date.parse(b);
}
