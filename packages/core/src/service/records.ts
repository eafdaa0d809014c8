import { createHash } from 'node:crypto';
import type { AccessView } from '../domain/access.js';
import type { Grant, GrantBase } from '../domain/grant.js';
import type { GrantRequest } from '../domain/request.js';
import type { AccessRecord, GrantRecord } from '../store/types.js';

/** The public view of a stored record: internal bookkeeping stripped. */
export function toGrant(r: GrantRecord): Grant {
  const grant: GrantBase = {
    id: r.id,
    accessId: r.accessId,
    provider: r.provider,
    externalId: r.externalId,
    subject: r.subject,
    target: r.target,
    status: r.status,
    window: r.window,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    details: r.details,
  };
  if (r.revokedAt) grant.revokedAt = r.revokedAt;
  if (r.expiredAt) grant.expiredAt = r.expiredAt;
  if (r.reason) grant.reason = r.reason;
  if (r.requestedBy) grant.requestedBy = r.requestedBy;
  if (r.personId) grant.personId = r.personId;
  if (r.keptBy) grant.keptBy = r.keptBy;
  // subject and target are the validated request's (grant()), and update() only replaces
  // target.roleKeys with validated keys: they have the shape `Grant` gives their provider.
  return grant as Grant;
}

/** The public view of an access, with the grants that claim it now. */
export function toAccessView(a: AccessRecord, claimedBy: string[]): AccessView {
  const view: AccessView = {
    id: a.id,
    provider: a.provider,
    externalId: a.externalId,
    state: a.state,
    claimedBy,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    details: a.details,
  };
  if (a.applied.roleKeys) view.roleKeys = [...a.applied.roleKeys];
  if (a.adopted) view.adopted = { ...a.adopted };
  return view;
}

/** SHA-256 over the request's canonical JSON (keys sorted), to detect a reused idempotency key. */
export function hashRequest(request: GrantRequest): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
