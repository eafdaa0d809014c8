/**
 * /access_grants/* in the fake (providers.md §3.1, §3.2, seam-create-access-grant.md): unique
 * access_grant_key per workspace, ends_at after starts_at and in the future, targets that must
 * exist in the workspace, one access method per requested mode.
 */
import { randomUUID } from 'node:crypto';
import { type RouteContext, paginate, type Route } from '../context.js';
import { notFound, SeamFakeError } from '../errors.js';
import type { RequestedMethodInput } from '../lifecycle.js';
import type { Params } from '../params.js';
import { accessGrantWire } from '../serialize.js';
import type { AccessGrantRecord } from '../state.js';
import { insertIdentity, readIdentityFields } from './user-identities.js';

const MODES = new Set(['code', 'card', 'mobile_key', 'cloud_key']);

export function readRequestedMethods(p: Params): RequestedMethodInput[] {
  const items = p.array('requested_access_methods', { required: true, min: 1 }) ?? [];
  return items.map((item) => {
    const mode = item.string('mode', { required: true });
    if (mode && !MODES.has(mode)) item.fail('mode', `Invalid enum value. Expected 'code' | 'card' | 'mobile_key' | 'cloud_key', received '${mode}'`);
    const code = item.string('code') ?? undefined;
    if (code !== undefined && !/^\d{4,9}$/.test(code)) item.fail('code', 'PIN code must be 4 to 9 digits');
    const max = item.number('instant_key_max_use_count', { min: 1, integer: true });
    return { mode: mode ?? '', code, instant_key_max_use_count: max };
  });
}

/** Checks `ends_at` against `starts_at` and now, as the create page documents. */
function checkWindow(ctx: RouteContext, startsAt: string, endsAt: string | null | undefined): void {
  if (!endsAt) return;
  if (Date.parse(endsAt) <= Date.parse(startsAt)) ctx.params.fail('ends_at', 'ends_at must be after starts_at');
  else if (Date.parse(endsAt) <= ctx.now().getTime()) ctx.params.fail('ends_at', 'ends_at must be in the future');
}

function findGrant(ctx: RouteContext): AccessGrantRecord {
  const id = ctx.params.id('access_grant_id');
  const key = ctx.params.string('access_grant_key', { nullable: true });
  if (!ctx.params.has('access_grant_id') && !key) ctx.params.fail('access_grant_id', 'Required (or access_grant_key)');
  ctx.params.check();
  const grant = id !== undefined ? ctx.state.accessGrants.get(id) : [...ctx.state.accessGrants.values()].find((g) => g.access_grant_key === key && g.workspace_id === ctx.workspaceId);
  if (!grant || grant.workspace_id !== ctx.workspaceId) throw notFound('Access grant');
  return grant;
}

function create(ctx: RouteContext) {
  const p = ctx.params;
  const userIdentityId = p.id('user_identity_id');
  const identityParams = p.object('user_identity');
  const identity = identityParams ? readIdentityFields(identityParams) : undefined;
  if (p.has('user_identity_id') === p.has('user_identity')) p.fail('user_identity_id', 'Provide exactly one of user_identity_id or user_identity');
  const spaceIds = p.ids('space_ids') ?? [];
  const entranceIds = p.ids('acs_entrance_ids') ?? [];
  const deviceIds = p.ids('device_ids') ?? [];
  const requested = readRequestedMethods(p);
  const startsAt = p.dateTime('starts_at') ?? ctx.now().toISOString();
  const endsAt = p.dateTime('ends_at', { nullable: true });
  const name = p.string('name', { nullable: true });
  const key = p.string('access_grant_key', { min: 1 });
  const reservationKey = p.string('reservation_key');
  // The request schema first (Seam's zod check answers before any lookup), then the rules.
  p.check();
  checkWindow(ctx, startsAt, endsAt);
  const inWorkspace = <T extends { workspace_id: string }>(m: Map<string, T>, id: string) => m.get(id)?.workspace_id === ctx.workspaceId;
  spaceIds.forEach((id) => inWorkspace(ctx.state.spaces, id) || p.fail('space_ids', `Space ${id} not found`));
  entranceIds.forEach((id) => inWorkspace(ctx.state.acsEntrances, id) || p.fail('acs_entrance_ids', `Entrance ${id} not found`));
  deviceIds.forEach((id) => inWorkspace(ctx.state.devices, id) || p.fail('device_ids', `Device ${id} not found`));
  if (spaceIds.length + entranceIds.length + deviceIds.length === 0) p.fail('space_ids', 'Provide at least one of space_ids, acs_entrance_ids or device_ids');
  if (userIdentityId !== undefined && !inWorkspace(ctx.state.userIdentities, userIdentityId)) p.fail('user_identity_id', 'User identity not found');
  p.check();
  if (key && [...ctx.state.accessGrants.values()].some((g) => g.workspace_id === ctx.workspaceId && g.access_grant_key === key)) {
    // Status and type are not documented (providers.md §3.6): the fake answers 409.
    throw new SeamFakeError(409, 'access_grant_key_taken', `An access grant with access_grant_key "${key}" already exists in this workspace`);
  }
  const userId = identity ? insertIdentity(ctx, identity).user_identity_id : (userIdentityId as string);
  const now = ctx.now().toISOString();
  const grantSpaces = [...spaceIds];
  if (entranceIds.length + deviceIds.length > 0) {
    // Entrances and devices named directly get a space of their own: the grant only refers to spaces.
    const space = { space_id: randomUUID(), workspace_id: ctx.workspaceId, name: `${name ?? 'Access grant'} doors`, created_at: now, device_ids: deviceIds, acs_entrance_ids: entranceIds };
    ctx.state.spaces.set(space.space_id, space);
    grantSpaces.push(space.space_id);
  }
  const grant: AccessGrantRecord = {
    access_grant_id: randomUUID(),
    workspace_id: ctx.workspaceId,
    access_grant_key: key ?? undefined,
    reservation_key: reservationKey ?? undefined,
    user_identity_id: userId,
    space_ids: grantSpaces,
    requested_access_methods: [],
    access_method_ids: [],
    name: name ?? null,
    created_at: now,
    starts_at: startsAt,
    ends_at: endsAt ?? null,
    warnings: [],
    errors: [],
    pending_mutations: [],
  };
  ctx.state.accessGrants.set(grant.access_grant_id, grant);
  ctx.lifecycle.emit(ctx.workspaceId, 'access_grant.created', { access_grant_id: grant.access_grant_id });
  ctx.lifecycle.addAccessMethods(grant, requested);
  return { access_grant: accessGrantWire(grant) };
}

function list(ctx: RouteContext) {
  const p = ctx.params;
  const f = {
    user: p.id('user_identity_id'),
    space: p.id('space_id'),
    entrance: p.id('acs_entrance_id'),
    system: p.id('acs_system_id'),
    device: p.id('device_id'),
    code: p.id('access_code_id'),
    ids: p.ids('access_grant_ids'),
    key: p.string('access_grant_key', { nullable: true }),
    reservation: p.string('reservation_key'),
    customer: p.string('customer_key'),
  };
  const s = ctx.state;
  const grants = s.listAccessGrants(ctx.workspaceId).filter(
    (g) =>
      (f.user === undefined || g.user_identity_id === f.user) &&
      (f.space === undefined || g.space_ids.includes(f.space)) &&
      (f.entrance === undefined || s.entrancesOf(g).some((e) => e.acs_entrance_id === f.entrance)) &&
      (f.system === undefined || s.entrancesOf(g).some((e) => e.acs_system_id === f.system)) &&
      (f.device === undefined || s.devicesOf(g).some((d) => d.device_id === f.device)) &&
      f.code === undefined && // the fake has no access codes: that filter matches nothing
      (f.ids === undefined || f.ids.includes(g.access_grant_id)) &&
      (!f.key || g.access_grant_key === f.key) &&
      (f.reservation === undefined || g.reservation_key === f.reservation) &&
      (f.customer === undefined || g.space_ids.some((id) => s.spaces.get(id)?.customer_key === f.customer)),
  );
  const { page, pagination } = paginate(ctx, grants);
  return { access_grants: page.map(accessGrantWire), pagination };
}

function update(ctx: RouteContext) {
  const p = ctx.params;
  const startsAt = p.dateTime('starts_at');
  const endsAt = p.dateTime('ends_at', { nullable: true });
  const name = p.string('name', { nullable: true });
  const grant = findGrant(ctx);
  const nextStart = startsAt ?? grant.starts_at;
  const nextEnd = endsAt === undefined ? grant.ends_at : endsAt;
  if (startsAt !== undefined || endsAt !== undefined) checkWindow(ctx, nextStart, nextEnd);
  p.check();
  if (name !== undefined) grant.name = name;
  if (nextStart !== grant.starts_at || nextEnd !== grant.ends_at) {
    grant.starts_at = nextStart;
    grant.ends_at = nextEnd;
    // The event schema types ends_at as a string, not nullable (@seamapi/types 1.721 and 1.977):
    // an open-ended grant (ends_at null) sends no ends_at at all.
    ctx.lifecycle.emit(grant.workspace_id, 'access_grant.access_times_changed', {
      access_grant_id: grant.access_grant_id,
      starts_at: nextStart,
      ...(nextEnd === null ? {} : { ends_at: nextEnd }),
      ...(grant.access_grant_key ? { access_grant_key: grant.access_grant_key } : {}),
    });
  }
  return {};
}

function remove(ctx: RouteContext) {
  ctx.params.id('access_grant_id', { required: true });
  ctx.lifecycle.deleteGrant(findGrant(ctx));
  return {};
}

function requestAccessMethods(ctx: RouteContext) {
  ctx.params.id('access_grant_id', { required: true });
  const requested = readRequestedMethods(ctx.params);
  const grant = findGrant(ctx);
  ctx.lifecycle.addAccessMethods(grant, requested);
  return { access_grant: accessGrantWire(grant) };
}

export const accessGrantRoutes: Record<string, Route> = {
  '/access_grants/create': { methods: [], handler: create },
  '/access_grants/get': { methods: ['GET'], handler: (ctx) => ({ access_grant: accessGrantWire(findGrant(ctx)) }) },
  '/access_grants/list': { methods: ['GET'], handler: list },
  '/access_grants/update': { methods: ['PATCH'], handler: update },
  '/access_grants/delete': { methods: ['DELETE'], handler: remove },
  '/access_grants/request_access_methods': { methods: [], handler: requestAccessMethods },
};
