/**
 * The v1 Management API user-grant routes (providers.md 2.2) behind grpc-gateway. The org of a call
 * is `x-zitadel-orgid`, else the caller's own org; the caller must manage it. v1 is strict: an
 * unchanged update, a state change that is already done and removing a missing grant all fail
 * (providers.md 2.8), as the command layer does without its ignore flags.
 */
import { type FakeRequest, type FakeResponse, readJson } from '../server/fake-server.js';
import { FakeRpcError, ZITADEL_IDS, v1ErrorResponse } from './errors.js';
import type { FakeAuth } from './oauth.js';
import { textMatches, toV1UserGrant, uint, v1Details } from './render.js';
import type { FakeZitadelGrant, ZitadelFakeState } from './state.js';

const GRANT = /^\/management\/v1\/users\/([^/]+)\/grants\/([^/]+)(\/_deactivate|\/_reactivate)?$/;
const ADD = /^\/management\/v1\/users\/([^/]+)\/grants$/;
/** Documented default and maximum list limit (providers.md 2.5). */
const MAX_LIMIT = 1000;

export function orgContext(state: ZitadelFakeState, callerId: string, requested: string | undefined): string {
  const caller = state.users.get(callerId);
  const org = requested || caller?.orgId || '';
  if (!state.orgs.has(org) || !caller?.manages.includes(org)) {
    throw new FakeRpcError('permission_denied', 'FAKE-PERM', 'No matching permissions found');
  }
  return org;
}

export function unauthenticated(): FakeRpcError {
  return new FakeRpcError('unauthenticated', 'FAKE-AUTH', 'Token invalid or expired');
}

function body(req: FakeRequest): Record<string, unknown> {
  try {
    const value = readJson(req);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    throw new FakeRpcError('invalid_argument', '', 'invalid JSON body');
  }
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function handleV1(state: ZitadelFakeState, auth: FakeAuth, req: FakeRequest): FakeResponse {
  try {
    state.stats.apiRequests++;
    const caller = auth.authenticate(req);
    if (!caller) {
      state.stats.unauthenticated++;
      throw unauthenticated();
    }
    const header = req.headers['x-zitadel-orgid'];
    const org = orgContext(state, caller, typeof header === 'string' ? header : undefined);
    return route(state, org, req);
  } catch (error) {
    if (error instanceof FakeRpcError) return v1ErrorResponse(error);
    throw error;
  }
}

function route(state: ZitadelFakeState, org: string, req: FakeRequest): FakeResponse {
  const { method, path } = req;
  if (method === 'POST' && path === '/management/v1/users/grants/_search') return list(state, org, body(req));
  if (method === 'DELETE' && path === '/management/v1/user_grants/_bulk') return bulkRemove(state, org, body(req));
  const add = ADD.exec(path);
  if (add && method === 'POST') {
    const b = body(req);
    const projectId = typeof b.projectId === 'string' ? b.projectId : '';
    if (projectId.length < 1 || projectId.length > 200) {
      throw new FakeRpcError('invalid_argument', '', 'invalid AddUserGrantRequest.ProjectId: value length must be between 1 and 200 runes');
    }
    const grant = state.addGrant({
      resourceOwner: org,
      userId: decodeURIComponent(add[1]!),
      projectId,
      projectGrantId: typeof b.projectGrantId === 'string' ? b.projectGrantId : '',
      roleKeys: strings(b.roleKeys),
    });
    return { status: 200, body: { userGrantId: grant.id, details: v1Details(state, grant, org, true) } };
  }
  const one = GRANT.exec(path);
  if (!one) throw new FakeRpcError('not_found', '', 'Not Found');
  const grant = lookup(state, org, decodeURIComponent(one[1]!), decodeURIComponent(one[2]!));
  const action = one[3];
  if (action && method === 'POST') {
    if (!grant) throw new FakeRpcError('not_found', 'FAKE-UG-NF', 'User grant not found');
    state.setState(grant, action === '/_deactivate' ? 'INACTIVE' : 'ACTIVE', false);
    return { status: 200, body: { details: v1Details(state, grant, org) } };
  }
  if (action) throw new FakeRpcError('not_found', '', 'Not Found');
  switch (method) {
    case 'GET':
      if (!grant) throw new FakeRpcError('not_found', 'FAKE-UG-NF', 'User grant not found');
      return { status: 200, body: { userGrant: toV1UserGrant(state, grant) } };
    case 'PUT':
      if (!grant) throw new FakeRpcError('not_found', 'FAKE-UG-NF', 'User grant not found');
      state.updateRoles(grant, strings(body(req).roleKeys), false);
      return { status: 200, body: { details: v1Details(state, grant, org) } };
    case 'DELETE':
      if (!grant) throw new FakeRpcError('not_found', ZITADEL_IDS.removeNotFound, 'User grant not found');
      state.remove(grant);
      return { status: 200, body: { details: v1Details(state, undefined, org) } };
    default:
      throw new FakeRpcError('not_found', '', 'Not Found');
  }
}

/** A grant is visible on v1 only in its own org and under its own user's path. */
function lookup(state: ZitadelFakeState, org: string, userId: string, grantId: string): FakeZitadelGrant | undefined {
  const grant = state.find(grantId);
  return grant && grant.resourceOwner === org && grant.userId === userId ? grant : undefined;
}

function list(state: ZitadelFakeState, org: string, b: Record<string, unknown>): FakeResponse {
  const query = (b.query ?? {}) as Record<string, unknown>;
  const offset = uint(query.offset, 0);
  const limit = uint(query.limit, MAX_LIMIT);
  if (offset === undefined || limit === undefined) throw new FakeRpcError('invalid_argument', '', 'invalid ListQuery');
  if (limit > MAX_LIMIT) throw new FakeRpcError('invalid_argument', 'FAKE-LIMIT', `Limit exceeds the maximum of ${MAX_LIMIT}`);
  let grants = state.grants().filter((g) => g.resourceOwner === org);
  for (const q of Array.isArray(b.queries) ? (b.queries as Array<Record<string, Record<string, unknown>>>) : []) {
    if (q.userIdQuery) grants = grants.filter((g) => g.userId === q.userIdQuery!.userId);
    if (q.projectIdQuery) grants = grants.filter((g) => g.projectId === q.projectIdQuery!.projectId);
    if (q.projectGrantIdQuery) grants = grants.filter((g) => g.projectGrantId === q.projectGrantIdQuery!.projectGrantId);
    if (q.roleKeyQuery) {
      const { roleKey, method } = q.roleKeyQuery;
      grants = grants.filter((g) => g.roleKeys.some((k) => textMatches(k, String(roleKey ?? ''), method)));
    }
  }
  // ListQuery.asc defaults to false: newest first.
  grants.sort((a, b2) => (query.asc === true ? a.createdIndex - b2.createdIndex : b2.createdIndex - a.createdIndex));
  const page = grants.slice(offset, offset + (limit || MAX_LIMIT));
  return {
    status: 200,
    body: {
      details: { totalResult: String(grants.length), processedSequence: String(state.currentSequence()), viewTimestamp: state.now().toISOString() },
      ...(page.length > 0 ? { result: page.map((g) => toV1UserGrant(state, g)) } : {}),
    },
  };
}

function bulkRemove(state: ZitadelFakeState, org: string, b: Record<string, unknown>): FakeResponse {
  const ids = strings(b.grantId);
  if (ids.length === 0) throw new FakeRpcError('invalid_argument', 'FAKE-BULK-EMPTY', 'No grant ids given');
  const grants = ids.map((id) => state.find(id));
  // Events are pushed together: one missing id fails the whole call (providers.md 2.4).
  if (grants.some((g) => !g || g.resourceOwner !== org)) throw new FakeRpcError('not_found', 'FAKE-UG-NF', 'User grant not found');
  for (const g of grants) state.remove(g!);
  return { status: 200, body: {} };
}
