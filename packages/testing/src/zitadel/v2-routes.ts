/**
 * The v2 AuthorizationService over Connect (providers.md 2.3): JSON POSTs to
 * `/zitadel.authorization.v2.AuthorizationService/<Rpc>` that must carry `Connect-Protocol-Version: 1`.
 * Delete of a missing authorization and activate/deactivate in the target state succeed (documented).
 * Assumption: UpdateAuthorization with an unchanged role set succeeds too (the v2 proto is silent).
 */
import type { FakeRequest, FakeResponse } from '../server/fake-server.js';
import { FakeRpcError, v2ErrorResponse } from './errors.js';
import type { FakeAuth } from './oauth.js';
import { textMatches, toV2Authorization, uint } from './render.js';
import type { FakeZitadelGrant, ZitadelFakeState } from './state.js';
import { unauthenticated } from './v1-routes.js';

export const V2_PREFIX = '/zitadel.authorization.v2.AuthorizationService/';
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

type Body = Record<string, unknown>;
type Rpc = (state: ZitadelFakeState, caller: string, body: Body) => FakeResponse;

export function handleV2(state: ZitadelFakeState, auth: FakeAuth, req: FakeRequest): FakeResponse {
  try {
    if (req.method !== 'POST') return { status: 405, headers: { allow: 'POST' }, body: { code: 'unimplemented', message: 'method not allowed' } };
    if (req.headers['connect-protocol-version'] !== '1') {
      throw new FakeRpcError('invalid_argument', '', 'missing required header: set Connect-Protocol-Version to "1"');
    }
    if (!/^application\/json\b/.test(String(req.headers['content-type'] ?? ''))) {
      return { status: 415, headers: { 'accept-post': 'application/json, application/proto' }, body: '' };
    }
    const name = req.path.slice(V2_PREFIX.length);
    const rpc = Object.hasOwn(RPCS, name) ? RPCS[name] : undefined;
    if (!rpc) throw new FakeRpcError('unimplemented', '', `${req.path} is not implemented`);
    state.stats.apiRequests++;
    const caller = auth.authenticate(req);
    if (!caller) {
      state.stats.unauthenticated++;
      throw unauthenticated();
    }
    let body: Body;
    try {
      body = (req.rawBody.trim() ? JSON.parse(req.rawBody) : {}) as Body;
    } catch {
      throw new FakeRpcError('invalid_argument', '', 'invalid JSON body');
    }
    return rpc(state, caller, body && typeof body === 'object' ? body : {});
  } catch (error) {
    if (error instanceof FakeRpcError) return v2ErrorResponse(error);
    throw error;
  }
}

function manages(state: ZitadelFakeState, caller: string, org: string): boolean {
  return state.users.get(caller)?.manages.includes(org) ?? false;
}

function requiredId(body: Body, field: string, message: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length < 1 || value.length > 200) {
    throw new FakeRpcError('invalid_argument', '', `invalid ${message}.${field}: value length must be between 1 and 200 runes`);
  }
  return value;
}

function roleKeys(body: Body, message: string): string[] {
  const keys = Array.isArray(body.roleKeys) ? body.roleKeys : [];
  if (keys.some((k) => typeof k !== 'string' || k.length < 1 || k.length > 200)) {
    throw new FakeRpcError('invalid_argument', '', `invalid ${message}.RoleKeys: each key must be between 1 and 200 runes`);
  }
  if (new Set(keys).size !== keys.length) throw new FakeRpcError('invalid_argument', '', `invalid ${message}.RoleKeys: repeated value must contain unique items`);
  return keys as string[];
}

/** The authorization if it exists and the caller may see it; NotFound otherwise (no existence leak). */
function visible(state: ZitadelFakeState, caller: string, id: string): FakeZitadelGrant {
  const grant = state.find(id);
  if (!grant || !manages(state, caller, grant.resourceOwner)) throw new FakeRpcError('not_found', 'FAKE-AUTHZ-NF', 'Authorization not found');
  return grant;
}

const RPCS: Record<string, Rpc> = {
  CreateAuthorization(state, caller, body) {
    const userId = requiredId(body, 'userId', 'CreateAuthorizationRequest');
    const projectId = requiredId(body, 'projectId', 'CreateAuthorizationRequest');
    const organizationId = requiredId(body, 'organizationId', 'CreateAuthorizationRequest');
    const keys = roleKeys(body, 'CreateAuthorizationRequest');
    if (!manages(state, caller, organizationId)) throw new FakeRpcError('permission_denied', 'FAKE-PERM', 'No matching permissions found');
    if (!state.projects.has(projectId)) throw new FakeRpcError('failed_precondition', 'FAKE-PROJ-NF', 'Project not found');
    // The org must own the project or hold a grant for it; ZITADEL finds the project grant itself.
    const projectGrantId = state.resolveProjectGrant(projectId, organizationId);
    if (projectGrantId === undefined) throw new FakeRpcError('failed_precondition', 'FAKE-PROJ-NF', 'Project not found in this organization or not granted to it');
    const grant = state.addGrant({ resourceOwner: organizationId, userId, projectId, projectGrantId, roleKeys: keys });
    return { status: 200, body: { id: grant.id, creationDate: grant.creationDate.toISOString() } };
  },

  ListAuthorizations(state, caller, body) {
    const pagination = (body.pagination ?? {}) as Body;
    const offset = uint(pagination.offset, 0);
    const limit = uint(pagination.limit, DEFAULT_LIMIT);
    if (offset === undefined || limit === undefined) throw new FakeRpcError('invalid_argument', '', 'invalid PaginationRequest');
    if (limit > MAX_LIMIT) throw new FakeRpcError('invalid_argument', 'FAKE-LIMIT', `Limit exceeds the maximum of ${MAX_LIMIT}`);
    let grants = state.grants().filter((g) => manages(state, caller, g.resourceOwner));
    for (const f of Array.isArray(body.filters) ? (body.filters as Array<Record<string, Body>>) : []) {
      const id = (key: string) => String(f[key]?.id ?? '');
      if (f.authorizationIds) {
        const ids = Array.isArray(f.authorizationIds.ids) ? (f.authorizationIds.ids as unknown[]).map(String) : [];
        grants = grants.filter((g) => ids.includes(g.id));
      }
      if (f.organizationId) grants = grants.filter((g) => g.resourceOwner === id('organizationId'));
      if (f.userId) grants = grants.filter((g) => g.userId === id('userId'));
      if (f.userOrganizationId) grants = grants.filter((g) => state.users.get(g.userId)?.orgId === id('userOrganizationId'));
      if (f.projectId) grants = grants.filter((g) => g.projectId === id('projectId'));
      if (f.projectGrantId) grants = grants.filter((g) => g.projectGrantId === id('projectGrantId'));
      if (f.state) grants = grants.filter((g) => `STATE_${g.state}` === f.state!.state);
      if (f.roleKey) grants = grants.filter((g) => g.roleKeys.some((k) => textMatches(k, String(f.roleKey!.key ?? ''), f.roleKey!.method)));
    }
    grants.sort((a, b) => (pagination.asc === true ? a.createdIndex - b.createdIndex : b.createdIndex - a.createdIndex));
    const page = grants.slice(offset, offset + limit);
    return {
      status: 200,
      body: {
        pagination: { totalResult: String(grants.length), appliedLimit: String(limit) },
        authorizations: page.map((g) => toV2Authorization(state, g)),
      },
    };
  },

  UpdateAuthorization(state, caller, body) {
    const grant = visible(state, caller, requiredId(body, 'id', 'UpdateAuthorizationRequest'));
    state.updateRoles(grant, roleKeys(body, 'UpdateAuthorizationRequest'), true);
    return { status: 200, body: { changeDate: grant.changeDate.toISOString() } };
  },

  DeleteAuthorization(state, caller, body) {
    const id = requiredId(body, 'id', 'DeleteAuthorizationRequest');
    const grant = state.find(id);
    if (!grant) return { status: 200, body: { deletionDate: state.now().toISOString() } };
    if (!manages(state, caller, grant.resourceOwner)) throw new FakeRpcError('permission_denied', 'FAKE-PERM', 'No matching permissions found');
    state.remove(grant);
    return { status: 200, body: { deletionDate: state.now().toISOString() } };
  },

  ActivateAuthorization(state, caller, body) {
    const grant = visible(state, caller, requiredId(body, 'id', 'ActivateAuthorizationRequest'));
    state.setState(grant, 'ACTIVE', true);
    return { status: 200, body: { changeDate: grant.changeDate.toISOString() } };
  },

  DeactivateAuthorization(state, caller, body) {
    const grant = visible(state, caller, requiredId(body, 'id', 'DeactivateAuthorizationRequest'));
    state.setState(grant, 'INACTIVE', true);
    return { status: 200, body: { changeDate: grant.changeDate.toISOString() } };
  },
};
