/** /spaces/* in the fake (providers.md §3.1): named sets of devices and entrances, space_key unique per workspace. */
import { randomUUID } from 'node:crypto';
import { type RouteContext, paginate, type Route } from '../context.js';
import { notFound, SeamFakeError } from '../errors.js';
import { spaceWire } from '../serialize.js';
import type { SpaceRecord } from '../state.js';

function checkMembers(ctx: RouteContext, deviceIds: string[] | undefined, entranceIds: string[] | undefined): void {
  const own = <T extends { workspace_id: string }>(m: Map<string, T>, id: string) => m.get(id)?.workspace_id === ctx.workspaceId;
  deviceIds?.forEach((id) => own(ctx.state.devices, id) || ctx.params.fail('device_ids', `Device ${id} not found`));
  entranceIds?.forEach((id) => own(ctx.state.acsEntrances, id) || ctx.params.fail('acs_entrance_ids', `Entrance ${id} not found`));
}

function assertKeyFree(ctx: RouteContext, key: string | undefined, exceptId?: string): void {
  if (!key) return;
  const taken = [...ctx.state.spaces.values()].some((s) => s.workspace_id === ctx.workspaceId && s.space_key === key && s.space_id !== exceptId);
  if (taken) throw new SeamFakeError(409, 'space_key_taken', `A space with space_key "${key}" already exists in this workspace`);
}

function find(ctx: RouteContext): SpaceRecord {
  const id = ctx.params.id('space_id');
  const key = ctx.params.string('space_key');
  if (!ctx.params.has('space_id') && key === undefined) ctx.params.fail('space_id', 'Required (or space_key)');
  ctx.params.check();
  const found = id !== undefined ? ctx.state.spaces.get(id) : [...ctx.state.spaces.values()].find((s) => s.space_key === key && s.workspace_id === ctx.workspaceId);
  if (!found || found.workspace_id !== ctx.workspaceId) throw notFound('Space');
  return found;
}

function create(ctx: RouteContext) {
  const p = ctx.params;
  const name = p.string('name', { required: true });
  const key = p.string('space_key') ?? undefined;
  const customerKey = p.string('customer_key', { min: 1 }) ?? undefined;
  const deviceIds = p.ids('device_ids') ?? [];
  const entranceIds = p.ids('acs_entrance_ids') ?? [];
  p.ids('connected_account_ids');
  checkMembers(ctx, deviceIds, entranceIds);
  p.check();
  assertKeyFree(ctx, key);
  const space: SpaceRecord = {
    space_id: randomUUID(),
    workspace_id: ctx.workspaceId,
    name: name as string,
    space_key: key,
    customer_key: customerKey,
    created_at: ctx.now().toISOString(),
    device_ids: [...new Set(deviceIds)],
    acs_entrance_ids: [...new Set(entranceIds)],
  };
  ctx.state.spaces.set(space.space_id, space);
  return { space: spaceWire(space) };
}

function list(ctx: RouteContext) {
  const p = ctx.params;
  const search = p.string('search', { min: 1 })?.toLowerCase();
  const f = { key: p.string('space_key'), parent: p.id('parent_space_id'), customer: p.string('customer_key') };
  p.id('connected_account_id');
  p.string('parent_space_key');
  const matches = [...ctx.state.spaces.values()].filter(
    (s) =>
      s.workspace_id === ctx.workspaceId &&
      (!search || s.name.toLowerCase().includes(search)) &&
      (f.key === undefined || s.space_key === f.key) &&
      (f.parent === undefined || s.parent_space_id === f.parent) &&
      (f.customer === undefined || s.customer_key === f.customer),
  );
  const { page, pagination } = paginate(ctx, matches);
  return { spaces: page.map(spaceWire), pagination };
}

function update(ctx: RouteContext) {
  const p = ctx.params;
  const name = p.string('name');
  const deviceIds = p.ids('device_ids');
  const entranceIds = p.ids('acs_entrance_ids');
  checkMembers(ctx, deviceIds, entranceIds);
  const space = find(ctx);
  if (name !== undefined && name !== null) space.name = name;
  if (deviceIds) space.device_ids = [...new Set(deviceIds)];
  if (entranceIds) space.acs_entrance_ids = [...new Set(entranceIds)];
  return { space: spaceWire(space) };
}

function remove(ctx: RouteContext) {
  ctx.params.id('space_id', { required: true });
  const space = find(ctx);
  ctx.state.spaces.delete(space.space_id);
  return {};
}

function addMembers(field: 'device_ids' | 'acs_entrance_ids') {
  return (ctx: RouteContext) => {
    ctx.params.id('space_id', { required: true });
    const ids = ctx.params.ids(field, { required: true, min: 1 }) ?? [];
    checkMembers(ctx, field === 'device_ids' ? ids : undefined, field === 'acs_entrance_ids' ? ids : undefined);
    const space = find(ctx);
    space[field] = [...new Set([...space[field], ...ids])];
    return {};
  };
}

export const spaceRoutes: Record<string, Route> = {
  '/spaces/create': { methods: [], handler: create },
  '/spaces/get': { methods: ['GET'], handler: (ctx) => ({ space: spaceWire(find(ctx)) }) },
  '/spaces/list': { methods: ['GET'], handler: list },
  '/spaces/update': { methods: ['PATCH'], handler: update },
  '/spaces/delete': { methods: ['DELETE'], handler: remove },
  '/spaces/add_devices': { methods: ['PUT'], handler: addMembers('device_ids') },
  '/spaces/add_acs_entrances': { methods: ['PUT'], handler: addMembers('acs_entrance_ids') },
};
