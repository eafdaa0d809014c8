/**
 * /user_identities/* in the fake (providers.md §3.1): email address, phone number and
 * user_identity_key are unique per workspace (documented for email and phone; the key by
 * "resource keys ... need to be unique within your workspace", §3.6).
 */
import { randomUUID } from 'node:crypto';
import { type RouteContext, paginate, type Route } from '../context.js';
import { notFound, SeamFakeError } from '../errors.js';
import type { Params } from '../params.js';
import { userIdentityWire } from '../serialize.js';
import type { UserIdentityRecord } from '../state.js';

type IdentityFields = Partial<Pick<UserIdentityRecord, 'email_address' | 'phone_number' | 'full_name' | 'user_identity_key'>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function readIdentityFields(p: Params): IdentityFields {
  const email = p.string('email_address', { nullable: true });
  if (email && !EMAIL.test(email)) p.fail('email_address', 'Invalid email');
  const fields: IdentityFields = {
    email_address: email,
    phone_number: p.string('phone_number', { nullable: true }),
    full_name: p.string('full_name', { nullable: true, min: 1 }),
    user_identity_key: p.string('user_identity_key', { nullable: true, min: 1 }),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as IdentityFields;
}

function assertUnique(ctx: RouteContext, fields: IdentityFields, exceptId?: string): void {
  for (const field of ['email_address', 'phone_number', 'user_identity_key'] as const) {
    const value = fields[field];
    if (!value) continue;
    const taken = [...ctx.state.userIdentities.values()].some((u) => u.workspace_id === ctx.workspaceId && u.user_identity_id !== exceptId && u[field] === value);
    // The status for a taken value is not documented; the fake answers 409 with a type per field.
    if (taken) throw new SeamFakeError(409, `${field}_taken`, `A user identity with this ${field} already exists in this workspace`);
  }
}

export function insertIdentity(ctx: RouteContext, fields: IdentityFields): UserIdentityRecord {
  assertUnique(ctx, fields);
  const record: UserIdentityRecord = {
    user_identity_id: randomUUID(),
    workspace_id: ctx.workspaceId,
    user_identity_key: fields.user_identity_key ?? null,
    email_address: fields.email_address ?? null,
    phone_number: fields.phone_number ?? null,
    full_name: fields.full_name ?? null,
    created_at: ctx.now().toISOString(),
  };
  ctx.state.userIdentities.set(record.user_identity_id, record);
  return record;
}

function find(ctx: RouteContext): UserIdentityRecord {
  const id = ctx.params.id('user_identity_id');
  const key = ctx.params.string('user_identity_key');
  if (!ctx.params.has('user_identity_id') && key === undefined) ctx.params.fail('user_identity_id', 'Required (or user_identity_key)');
  ctx.params.check();
  const found = id !== undefined ? ctx.state.userIdentities.get(id) : [...ctx.state.userIdentities.values()].find((u) => u.user_identity_key === key && u.workspace_id === ctx.workspaceId);
  if (!found || found.workspace_id !== ctx.workspaceId) throw notFound('User identity');
  return found;
}

function create(ctx: RouteContext) {
  const fields = readIdentityFields(ctx.params);
  ctx.params.ids('acs_system_ids');
  ctx.params.check();
  return { user_identity: userIdentityWire(insertIdentity(ctx, fields)) };
}

function list(ctx: RouteContext) {
  const p = ctx.params;
  const search = p.string('search')?.toLowerCase();
  const createdBefore = p.dateTime('created_before');
  const ids = p.ids('user_identity_ids');
  p.id('credential_manager_acs_system_id');
  const matches = [...ctx.state.userIdentities.values()].filter(
    (u) =>
      u.workspace_id === ctx.workspaceId &&
      (ids === undefined || ids.includes(u.user_identity_id)) &&
      (!createdBefore || u.created_at < createdBefore) &&
      (!search || [u.full_name, u.email_address, u.phone_number, u.user_identity_key].some((v) => v?.toLowerCase().includes(search))),
  );
  const { page, pagination } = paginate(ctx, matches);
  return { user_identities: page.map(userIdentityWire), pagination };
}

function update(ctx: RouteContext) {
  ctx.params.id('user_identity_id', { required: true });
  const fields = readIdentityFields(ctx.params);
  const identity = find(ctx);
  assertUnique(ctx, fields, identity.user_identity_id);
  Object.assign(identity, fields);
  return {};
}

function remove(ctx: RouteContext) {
  ctx.params.id('user_identity_id', { required: true });
  const identity = find(ctx);
  ctx.state.userIdentities.delete(identity.user_identity_id);
  return {};
}

export const userIdentityRoutes: Record<string, Route> = {
  '/user_identities/create': { methods: [], handler: create },
  '/user_identities/get': { methods: ['GET'], handler: (ctx) => ({ user_identity: userIdentityWire(find(ctx)) }) },
  '/user_identities/list': { methods: ['GET'], handler: list },
  '/user_identities/update': { methods: ['PATCH'], handler: update },
  '/user_identities/delete': { methods: ['DELETE'], handler: remove },
};
