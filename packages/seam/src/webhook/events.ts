/**
 * Seam events as webhooks deliver them (providers.md §3.2 event list; seam-access-grant-object.md
 * "Events"). Objects stay loose: fields Seam adds later are kept. `access_grant.*` and
 * `access_method.*` are typed one by one; any other event (device.*, space.*, ...) still comes
 * through as a `SeamOtherEvent`, so an endpoint subscribed to everything does not refuse them.
 */
import { z } from 'zod';

export const ACCESS_GRANT_EVENT_TYPES = [
  'access_grant.created',
  'access_grant.deleted',
  'access_grant.access_granted_to_all_doors',
  'access_grant.access_granted_to_door',
  'access_grant.access_to_door_lost',
  'access_grant.access_times_changed',
  'access_grant.could_not_create_requested_access_methods',
] as const;
export type AccessGrantEventType = (typeof ACCESS_GRANT_EVENT_TYPES)[number];

export const ACCESS_METHOD_EVENT_TYPES = [
  'access_method.created',
  'access_method.issued',
  'access_method.reissued',
  'access_method.revoked',
  'access_method.deleted',
  'access_method.card_encoding_required',
  'access_method.delay_in_issuing',
  'access_method.failed_to_issue',
] as const;
export type AccessMethodEventType = (typeof ACCESS_METHOD_EVENT_TYPES)[number];

const id = z.string().min(1);

/** Every event: documented as event_id, event_type, workspace_id, created_at, occurred_at. */
const base = {
  event_id: id,
  event_type: z.string().min(1),
  // Documented as required; optional here so a partial test payload still names what is missing
  // only when it matters (the ids below).
  workspace_id: z.string().optional(),
  created_at: z.string().optional(),
  occurred_at: z.string().optional(),
};

export const seamEventEnvelopeSchema = z.looseObject(base);

export const seamAccessGrantEventSchema = z.looseObject({
  ...base,
  event_type: z.enum(ACCESS_GRANT_EVENT_TYPES),
  access_grant_id: id,
  access_grant_key: z.string().optional(),
  /** access_granted_to_door / access_to_door_lost: the door concerned. */
  acs_entrance_id: z.string().optional(),
  device_id: z.string().optional(),
  /** access_times_changed: the new window. */
  starts_at: z.string().nullable().optional(),
  ends_at: z.string().nullable().optional(),
  /** could_not_create_requested_access_methods. */
  error_message: z.string().optional(),
  missing_device_ids: z.array(z.string()).optional(),
});

export const seamAccessMethodEventSchema = z.looseObject({
  ...base,
  event_type: z.enum(ACCESS_METHOD_EVENT_TYPES),
  access_method_id: id,
  access_grant_ids: z.array(id).default([]),
  access_grant_keys: z.array(z.string()).optional(),
  /** issued / reissued for a `code` method. */
  code: z.string().nullable().optional(),
});

export type SeamAccessGrantEvent = z.output<typeof seamAccessGrantEventSchema>;
export type SeamAccessMethodEvent = z.output<typeof seamAccessMethodEventSchema>;
/** Any other event type: only the common fields are checked. */
export type SeamOtherEvent = z.output<typeof seamEventEnvelopeSchema>;

/** What `verifySeamWebhook` returns. Narrow with `isAccessGrantEvent` / `isAccessMethodEvent`, then on `event_type`. */
export type SeamEvent = SeamAccessGrantEvent | SeamAccessMethodEvent | SeamOtherEvent;

const grantTypes = new Set<string>(ACCESS_GRANT_EVENT_TYPES);
const methodTypes = new Set<string>(ACCESS_METHOD_EVENT_TYPES);

export function isAccessGrantEvent(event: SeamEvent): event is SeamAccessGrantEvent {
  return grantTypes.has(event.event_type);
}

export function isAccessMethodEvent(event: SeamEvent): event is SeamAccessMethodEvent {
  return methodTypes.has(event.event_type);
}

/** The access grants an event is about (one for access_grant.*, a list for access_method.*). */
export function accessGrantIdsOf(event: SeamEvent): string[] {
  if (isAccessGrantEvent(event)) return [event.access_grant_id];
  if (isAccessMethodEvent(event)) return event.access_grant_ids;
  return [];
}
