/**
 * Records -> reply objects, with exactly the fields of the OpenAPI components in @seamapi/types
 * 1.977.0 (the conformance test in packages/core/test/seam holds these to that schema).
 */
import type { AccessGrantRecord, AccessMethodRecord, ActionAttemptRecord, SpaceRecord, UserIdentityRecord } from './state.js';

export function accessGrantWire(g: AccessGrantRecord): Record<string, unknown> {
  return withoutUndefined({
    workspace_id: g.workspace_id,
    access_grant_id: g.access_grant_id,
    access_grant_key: g.access_grant_key,
    reservation_key: g.reservation_key,
    user_identity_id: g.user_identity_id,
    location_ids: [...g.space_ids],
    space_ids: [...g.space_ids],
    requested_access_methods: g.requested_access_methods.map((r) => withoutUndefined({ ...r, created_access_method_ids: [...r.created_access_method_ids] })),
    access_method_ids: [...g.access_method_ids],
    name: g.name,
    display_name: g.name ?? 'Access Grant',
    instant_key_url: g.instant_key_url,
    client_session_token: g.client_session_token,
    created_at: g.created_at,
    starts_at: g.starts_at,
    ends_at: g.ends_at,
    warnings: structuredClone(g.warnings),
    errors: structuredClone(g.errors),
    pending_mutations: structuredClone(g.pending_mutations),
  });
}

export function accessMethodWire(m: AccessMethodRecord): Record<string, unknown> {
  return withoutUndefined({
    workspace_id: m.workspace_id,
    access_method_id: m.access_method_id,
    display_name: m.display_name,
    mode: m.mode,
    created_at: m.created_at,
    issued_at: m.issued_at,
    is_issued: m.is_issued,
    code: m.code,
    instant_key_url: m.instant_key_url,
    client_session_token: m.client_session_token,
    warnings: structuredClone(m.warnings),
    errors: structuredClone(m.errors),
    pending_mutations: structuredClone(m.pending_mutations),
  });
}

export function userIdentityWire(u: UserIdentityRecord): Record<string, unknown> {
  return {
    user_identity_id: u.user_identity_id,
    user_identity_key: u.user_identity_key,
    email_address: u.email_address,
    phone_number: u.phone_number,
    display_name: u.full_name ?? u.email_address ?? u.phone_number ?? 'Unnamed user',
    full_name: u.full_name,
    created_at: u.created_at,
    workspace_id: u.workspace_id,
    errors: [],
    warnings: [],
    acs_user_ids: [],
  };
}

export function spaceWire(s: SpaceRecord): Record<string, unknown> {
  return withoutUndefined({
    space_id: s.space_id,
    workspace_id: s.workspace_id,
    space_key: s.space_key,
    name: s.name,
    display_name: s.name,
    created_at: s.created_at,
    device_count: s.device_ids.length,
    acs_entrance_count: s.acs_entrance_ids.length,
    parent_space_id: s.parent_space_id,
    customer_key: s.customer_key,
  });
}

export function actionAttemptWire(a: ActionAttemptRecord): Record<string, unknown> {
  return { action_attempt_id: a.action_attempt_id, action_type: a.action_type, status: a.status, result: a.result, error: a.error };
}

function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
