/**
 * Everything the Atomicwork fake writes on the wire, in one file.
 *
 * The public spec documents request bodies and query parameters but every 200 response schema is
 * an empty placeholder (providers.md 1.1). Documented in prose are only the grant's `id`,
 * `status`, `entitlement`, `app` and `revocation_status { status, schedule_id }`, and the history
 * entries' `event_type`, `event_at`, `event_by`. Every other field name below is an ASSUMPTION
 * until checked against a live tenant; the client's `wire.ts` mirrors this file and parses
 * leniently so a different real shape degrades gracefully.
 *
 * IDs are int64 (providers.md 1.1). They are kept as decimal strings in the fake's state and
 * written as bare JSON numbers with their exact digits, so ids above 2^53 survive the trip.
 */
import { LosslessNumber, parse, stringify } from 'lossless-json';
import type { FakeResponse } from '../server/index.js';
import type { FakeApp, FakeEntitlement, FakeGrant, FakeHistoryEvent, FakePolicy, FakeUser } from './types.js';

/** Writes a decimal id string as a bare JSON number with exact digits. */
export function num(id: string): LosslessNumber {
  return new LosslessNumber(id);
}

function numOrNull(id: string | null): LosslessNumber | null {
  return id === null ? null : num(id);
}

/** JSON writer for every response: LosslessNumber values go out digit for digit. */
export function writeJson(value: unknown): string {
  return stringify(value) ?? 'null';
}

/**
 * Parses a request body keeping every number as a LosslessNumber, so `9007199254740993` is not
 * rounded and `1.5` can be told apart from an integer. Throws SyntaxError on bad JSON.
 */
export function readJsonExact(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  return parse(raw);
}

/**
 * Error body `{ error, code }` (providers.md 1.4: from a third-party summary of the docs,
 * UNVERIFIED). The `code` values are ASSUMPTIONS too.
 */
export function errorBody(status: number, message: string, code?: string): FakeResponse {
  return { status, body: { error: message, code: code ?? DEFAULT_CODES[status] ?? 'ERROR' } };
}

const DEFAULT_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * List envelope (ASSUMPTION, providers.md 1.4: "Response envelope field names (e.g. `data`,
 * `total`) are not published"). `next_page_token` is a documented request parameter and is
 * echoed under the same name; the fake sends it on `/iga/grants/list` only.
 */
export interface ListEnvelope {
  data: unknown[];
  page: number;
  per_page: number;
  total: number;
  next_page_token?: string | null;
}

export function listEnvelope(data: unknown[], page: number, perPage: number, total: number, nextPageToken?: string | null): ListEnvelope {
  const out: ListEnvelope = { data, page, per_page: perPage, total };
  if (nextPageToken !== undefined) out.next_page_token = nextPageToken;
  return out;
}

/** A user as embedded in a grant (ASSUMPTION: prose says "user info"). */
export function userRef(user: FakeUser | undefined, id: string): Record<string, unknown> {
  return { id: num(id), email: user?.email ?? null, name: user?.name ?? null };
}

export function appJson(app: FakeApp): Record<string, unknown> {
  // `id` documented ("each has an `id` used as `app_id`"); the rest ASSUMPTION.
  return { id: num(app.id), name: app.name, description: app.description, provider: app.provider };
}

export function entitlementJson(e: FakeEntitlement): Record<string, unknown> {
  // `type` and `status` values are documented (providers.md 1.2); the field names are ASSUMPTION.
  return {
    id: num(e.id),
    app_id: num(e.appId),
    name: e.name,
    description: e.description,
    type: e.type,
    status: e.status,
    provisioning_config: { provider: e.provisioningProvider },
  };
}

export function policyJson(p: FakePolicy): Record<string, unknown> {
  return { id: num(p.id), key: p.key, name: p.name };
}

export interface GrantLookups {
  user(id: string): FakeUser | undefined;
  app(id: string): FakeApp | undefined;
  entitlement(id: string): FakeEntitlement | undefined;
  policy(id: string): FakePolicy | undefined;
}

/** The grant object. Documented: id, status, entitlement, app, revocation_status. Rest: ASSUMPTION. */
export function grantJson(g: FakeGrant, lookups: GrantLookups): Record<string, unknown> {
  const entitlement = lookups.entitlement(g.entitlementId);
  const app = lookups.app(g.appId);
  const policy = g.policyId === null ? undefined : lookups.policy(g.policyId);
  return {
    id: num(g.id),
    status: g.status,
    grant_type: g.grantType,
    user: userRef(lookups.user(g.userId), g.userId),
    entitlement: entitlement ? entitlementJson(entitlement) : { id: num(g.entitlementId) },
    app: app ? appJson(app) : { id: num(g.appId) },
    policy: policy ? policyJson(policy) : null,
    granted_by: numOrNull(g.grantedBy),
    granted_at: g.grantedAt,
    expires_at: g.expiresAt,
    created_at: g.createdAt,
    updated_at: g.updatedAt,
    provisioning_status: { status: g.provisioningStatus, provider: entitlement?.provisioningProvider ?? 'MANUAL' },
    revocation_status: g.revocation
      ? { status: g.revocation.status, schedule_id: numOrNull(g.revocation.scheduleId), reason: g.revocation.reason }
      : null,
  };
}

/** History entry. Documented: event_type, event_at, event_by. Rest: ASSUMPTION. */
export function historyJson(h: FakeHistoryEvent): Record<string, unknown> {
  return {
    id: num(h.id),
    grant_id: num(h.grantId),
    event_type: h.eventType,
    event_at: h.eventAt,
    event_by: numOrNull(h.eventBy),
    reason: h.reason,
  };
}
