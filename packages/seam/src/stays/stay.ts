/** The Stay: one Seam access grant for a reservation, in the words a booking system uses. */
import type { Grant, GrantStatus } from '@grantkit/core';
import { seamStatus, type SeamAccessGrant, type SeamAccessMethod } from '@grantkit/core/seam';

export interface StayAccessMethod {
  id: string;
  mode: string;
  issued: boolean;
  issuedAt: string | null;
  /** The PIN, once the code is issued (never before: it is not yet on the lock). */
  code?: string;
  /** For a single mobile key: the link the guest opens to get it. */
  instantKeyUrl?: string;
  warnings: string[];
  errors: string[];
}

export interface StayNote {
  code: string;
  message?: string;
  /** Doors concerned, when Seam names them (`missing_device_ids`, `device_id`). */
  deviceIds?: string[];
}

export interface Stay {
  /** The Seam access grant id. */
  id: string;
  reservationKey: string | null;
  accessGrantKey: string | null;
  /** The Grantkit grant recording this stay, when a Grantkit is used. */
  grantId: string | null;
  userIdentityId: string;
  /**
   * pending (methods not issued yet), active (all issued), failed (Seam could not issue one),
   * revoked (being deleted). Derived by the core Seam adapter's mapping, the one status logic.
   */
  status: GrantStatus;
  startsAt: string;
  endsAt: string | null;
  spaceIds: string[];
  accessMethods: StayAccessMethod[];
  /** PINs of the issued `code` methods. */
  codes: string[];
  /** The instant key URL of the mobile key, when there is one. */
  instantKeyUrl: string | null;
  warnings: StayNote[];
  errors: StayNote[];
  /** The Seam object as read. */
  accessGrant: SeamAccessGrant;
}

export function toStay(grant: SeamAccessGrant, methods: SeamAccessMethod[], recorded?: Grant | null): Stay {
  const accessMethods = methods.map((m): StayAccessMethod => {
    const out: StayAccessMethod = {
      id: m.access_method_id,
      mode: m.mode,
      issued: m.is_issued,
      issuedAt: m.issued_at ?? null,
      warnings: m.warnings.map((w) => w.warning_code),
      errors: m.errors.map((e) => e.error_code),
    };
    if (m.is_issued && typeof m.code === 'string') out.code = m.code;
    if (m.instant_key_url) out.instantKeyUrl = m.instant_key_url;
    return out;
  });
  return {
    id: grant.access_grant_id,
    reservationKey: grant.reservation_key ?? null,
    accessGrantKey: grant.access_grant_key ?? null,
    grantId: recorded?.id ?? null,
    userIdentityId: grant.user_identity_id,
    status: seamStatus(grant, methods),
    startsAt: grant.starts_at,
    endsAt: grant.ends_at,
    spaceIds: grant.space_ids,
    accessMethods,
    codes: accessMethods.flatMap((m) => (m.code !== undefined && m.mode === 'code' ? [m.code] : [])),
    instantKeyUrl: grant.instant_key_url ?? methods.find((m) => m.instant_key_url)?.instant_key_url ?? null,
    warnings: grant.warnings.map(note('warning_code')),
    errors: grant.errors.map(note('error_code')),
    accessGrant: grant,
  };
}

function note(field: 'warning_code' | 'error_code') {
  return (entry: Record<string, unknown>): StayNote => {
    const out: StayNote = { code: String(entry[field]) };
    if (typeof entry.message === 'string') out.message = entry.message;
    const devices = [
      ...(Array.isArray(entry.missing_device_ids) ? entry.missing_device_ids : []),
      ...(Array.isArray(entry.failed_devices) ? entry.failed_devices.map((d: unknown) => (d && typeof d === 'object' ? (d as { device_id?: unknown }).device_id : d)) : []),
      ...(typeof entry.device_id === 'string' ? [entry.device_id] : []),
    ].filter((d): d is string => typeof d === 'string');
    if (devices.length) out.deviceIds = devices;
    return out;
  };
}
