/**
 * The Atomicwork fake's routes (providers.md 1.1 and 1.6): auth, then one handler per IGA
 * endpoint. Handlers validate the request, call the state, and write the wire shapes of `wire.ts`.
 */
import type { FakeHandler, FakeRequest, FakeResponse } from '../server/index.js';
import { grantMatches, parseFilters, userFilterValues } from './grant-filters.js';
import {
  bodyId,
  compareBy,
  encodeToken,
  optionalBodyId,
  optionalBoolean,
  optionalDateTime,
  optionalString,
  pageRequest,
  readBody,
  readObjectBody,
  searchMatches,
  textId,
  type PageRequest,
} from './params.js';
import { type AtomicworkFakeState, FakeHttpError } from './state.js';
import type { FakeGrant, FakeGrantStatus, FakePolicy } from './types.js';
import { appJson, entitlementJson, errorBody, grantJson, type GrantLookups, historyJson, listEnvelope } from './wire.js';

/** Exact route patterns, for `faults.add({ route })` when a prefix string would match too much. */
export const ATOMICWORK_ROUTES = {
  createGrant: /^POST \/api\/v1\/iga\/grants$/,
  listGrants: /^POST \/api\/v1\/iga\/grants\/list$/,
  updateGrant: /^PUT \/api\/v1\/iga\/grants\/[^/]+$/,
  revokeGrant: /^POST \/api\/v1\/iga\/grants\/[^/]+\/revoke$/,
  grantHistory: /^GET \/api\/v1\/iga\/grants\/[^/]+\/history$/,
  listApps: /^GET \/api\/v1\/iga\/apps$/,
  listEntitlements: /^GET \/api\/v1\/iga\/entitlements$/,
} as const;

const GRANT_STATUSES = new Set<FakeGrantStatus>(['GRANTED', 'EXPIRED', 'EXTENDED', 'REVOKED']);
const GRANT_SORTS: Record<string, [(g: FakeGrant) => string | null, boolean]> = {
  CREATED_AT_ASC: [(g) => g.createdAt, false],
  CREATED_AT_DESC: [(g) => g.createdAt, true],
  UPDATED_AT_ASC: [(g) => g.updatedAt, false],
  UPDATED_AT_DESC: [(g) => g.updatedAt, true],
  GRANTED_AT_ASC: [(g) => g.grantedAt, false],
  GRANTED_AT_DESC: [(g) => g.grantedAt, true],
  EXPIRES_AT_ASC: [(g) => g.expiresAt, false],
  EXPIRES_AT_DESC: [(g) => g.expiresAt, true],
};

export interface RouteContext {
  state: AtomicworkFakeState;
  apiKey: string;
  workspaceId: string;
}

export function createAtomicworkHandler(ctx: RouteContext): FakeHandler {
  const { state } = ctx;
  const lookups: GrantLookups = {
    user: (id) => state.users.get(id),
    app: (id) => state.apps.get(id),
    entitlement: (id) => state.entitlements.get(id),
    policy: (id) => state.policies.get(id),
  };
  const grantOut = (g: FakeGrant) => grantJson(g, lookups);

  const routes: Array<[string, RegExp, (req: FakeRequest, m: RegExpMatchArray) => FakeResponse]> = [
    ['GET', /^\/api\/v1\/iga\/apps$/, (req) => listApps(req)],
    ['GET', /^\/api\/v1\/iga\/entitlements$/, (req) => listEntitlements(req)],
    ['POST', /^\/api\/v1\/iga\/grants$/, (req) => createGrant(req)],
    ['POST', /^\/api\/v1\/iga\/grants\/list$/, (req) => listGrants(req)],
    ['PUT', /^\/api\/v1\/iga\/grants\/([^/]+)$/, (req, m) => updateGrant(req, m[1] ?? '')],
    ['POST', /^\/api\/v1\/iga\/grants\/([^/]+)\/revoke$/, (req, m) => revokeGrant(req, m[1] ?? '')],
    ['GET', /^\/api\/v1\/iga\/grants\/([^/]+)\/history$/, (req, m) => grantHistory(req, m[1] ?? '')],
  ];

  function paged<T>(items: T[], page: PageRequest, withToken: boolean, out: (x: T) => unknown): FakeResponse {
    const slice = items.slice(page.offset, page.offset + page.perPage).map(out);
    const more = page.offset + page.perPage < items.length;
    const token = withToken ? (more ? encodeToken(page.offset + page.perPage, page.perPage) : null) : undefined;
    return { status: 200, body: listEnvelope(slice, page.page, page.perPage, items.length, token) };
  }

  function listApps(req: FakeRequest): FakeResponse {
    const page = pageRequest(req.query, false);
    const search = req.query.get('search_key');
    const apps = [...state.apps.values()].filter((a) => searchMatches(search, a.name, a.description)).sort(compareBy(() => null, false));
    return paged(apps, page, false, appJson);
  }

  function listEntitlements(req: FakeRequest): FakeResponse {
    const page = pageRequest(req.query, false);
    const q = req.query;
    const appId = q.get('app_id') ? textId(q.get('app_id') ?? '', 'app_id') : undefined;
    const type = q.get('type') || undefined;
    // The list filter accepts only GROUP and ROLE (providers.md 1.2).
    if (type !== undefined && type !== 'GROUP' && type !== 'ROLE') throw new FakeHttpError(400, 'type must be GROUP or ROLE.', 'INVALID_PARAMETER');
    const status = q.get('status') || undefined;
    if (status !== undefined && status !== 'DRAFT' && status !== 'PUBLISHED') throw new FakeHttpError(400, 'status must be DRAFT or PUBLISHED.', 'INVALID_PARAMETER');
    const items = [...state.entitlements.values()]
      .filter((e) => appId === undefined || e.appId === appId)
      .filter((e) => type === undefined || e.type === type)
      .filter((e) => status === undefined || (status === 'PUBLISHED' ? e.status === 'PUBLISHED' : e.status !== 'PUBLISHED'))
      .filter((e) => searchMatches(q.get('search_key'), e.name, e.description))
      .sort(compareBy(() => null, false));
    return paged(items, page, false, entitlementJson);
  }

  function resolvePolicy(body: Record<string, unknown>): FakePolicy | undefined {
    const policyId = optionalBodyId(body.policy_id, 'policy_id');
    const policyKey = optionalString(body.policy_key, 'policy_key');
    const byId = policyId === undefined ? undefined : state.policies.get(policyId);
    if (policyId !== undefined && !byId) throw new FakeHttpError(404, `Policy ${policyId} not found.`, 'POLICY_NOT_FOUND');
    const byKey = policyKey === undefined ? undefined : [...state.policies.values()].find((p) => p.key === policyKey);
    if (policyKey !== undefined && !byKey) throw new FakeHttpError(404, `Policy with key ${policyKey} not found.`, 'POLICY_NOT_FOUND');
    if (byId && byKey && byId !== byKey) throw new FakeHttpError(400, 'policy_id and policy_key name different policies; send one of them.', 'INVALID_FIELD');
    return byId ?? byKey;
  }

  function grantedBy(body: Record<string, unknown>): string | undefined {
    const id = optionalBodyId(body.granted_by, 'granted_by');
    if (id !== undefined && !state.users.has(id)) throw new FakeHttpError(404, `User ${id} (granted_by) not found.`, 'USER_NOT_FOUND');
    return id;
  }

  function createGrant(req: FakeRequest): FakeResponse {
    const body = readObjectBody(req);
    if (body.user_id === undefined || body.user_id === null) throw new FakeHttpError(400, 'user_id is required.', 'MISSING_FIELD');
    if (body.entitlement_id === undefined || body.entitlement_id === null) throw new FakeHttpError(400, 'entitlement_id is required.', 'MISSING_FIELD');
    const userId = bodyId(body.user_id, 'user_id');
    const entitlementId = bodyId(body.entitlement_id, 'entitlement_id');
    const policy = resolvePolicy(body);
    const { grant } = state.createGrant({
      userId,
      entitlementId,
      policyId: policy?.id ?? null,
      grantedBy: grantedBy(body) ?? null,
      grantedAt: optionalDateTime(body.granted_at, 'granted_at') ?? null,
    });
    return { status: 200, body: grantOut(grant) };
  }

  function listGrants(req: FakeRequest): FakeResponse {
    const q = req.query;
    const page = pageRequest(q, true);
    const filters = parseFilters(readBody(req));
    const ids = q.get('ids') ? new Set((q.get('ids') ?? '').split(',').map((s) => textId(s.trim(), 'ids'))) : undefined;
    const appId = q.get('app_id') ? textId(q.get('app_id') ?? '', 'app_id') : undefined;
    const policy = q.get('policy_id') || undefined; // documented as a string "policy ... UUID key"
    const sort = GRANT_SORTS[q.get('sort_order') || 'CREATED_AT_DESC'];
    if (!sort) throw new FakeHttpError(400, `sort_order ${q.get('sort_order')} is not supported for grants.`, 'INVALID_PARAMETER');
    const search = q.get('search_key');
    // Narrow by id or by user first (the filters below still decide): a lookup stays cheap at scale.
    const users = userFilterValues(filters);
    const candidates = ids ? [...ids].map((id) => state.grants.get(id)).filter((g) => g !== undefined) : users ? state.grants.ofUsers(users) : [...state.grants.values()];
    const items = candidates
      .filter((g) => ids === undefined || ids.has(g.id))
      .filter((g) => appId === undefined || g.appId === appId)
      .filter((g) => policy === undefined || (g.policyId !== null && (g.policyId === policy || state.policies.get(g.policyId)?.key === policy)))
      .filter((g) => grantMatches(g, filters, lookups.entitlement))
      .filter((g) => {
        const u = state.users.get(g.userId);
        return searchMatches(search, u?.name, u?.email, state.entitlements.get(g.entitlementId)?.name, state.apps.get(g.appId)?.name);
      })
      .sort(compareBy(sort[0], sort[1]));
    return paged(items, page, true, grantOut);
  }

  function updateGrant(req: FakeRequest, rawId: string): FakeResponse {
    const id = textId(rawId, 'grant_id');
    const body = readObjectBody(req);
    state.requireGrant(id);
    const status = optionalString(body.status, 'status');
    if (status !== undefined && !GRANT_STATUSES.has(status as FakeGrantStatus)) {
      throw new FakeHttpError(400, 'status must be one of GRANTED, EXPIRED, EXTENDED, REVOKED.', 'INVALID_FIELD');
    }
    const policy = resolvePolicy(body);
    const grant = state.updateGrant(id, {
      status: status as FakeGrantStatus | undefined,
      policyId: policy?.id,
      grantedBy: grantedBy(body),
      grantedAt: optionalDateTime(body.granted_at, 'granted_at'),
    });
    return { status: 200, body: grantOut(grant) };
  }

  function revokeGrant(req: FakeRequest, rawId: string): FakeResponse {
    const id = textId(rawId, 'grant_id');
    const body = readObjectBody(req);
    const grant = state.revokeGrant(id, {
      reason: optionalString(body.reason, 'reason') ?? null,
      skipDeprovisioning: optionalBoolean(body.skip_deprovisioning, 'skip_deprovisioning') ?? true,
    });
    // ASSUMPTION: the reply is the whole grant, which carries the documented `revocation_status`.
    return { status: 200, body: grantOut(grant) };
  }

  function grantHistory(req: FakeRequest, rawId: string): FakeResponse {
    const id = textId(rawId, 'grant_id');
    const page = pageRequest(req.query, false);
    const order = req.query.get('sort_order') || 'CREATED_AT_DESC'; // default newest first (AW-SPEC)
    if (!['CREATED_AT_ASC', 'CREATED_AT_DESC', 'UPDATED_AT_ASC', 'UPDATED_AT_DESC'].includes(order)) {
      throw new FakeHttpError(400, 'sort_order must be CREATED_AT_ASC, CREATED_AT_DESC, UPDATED_AT_ASC or UPDATED_AT_DESC.', 'INVALID_PARAMETER');
    }
    const events = state.historyFor(id).sort(compareBy((h) => h.eventAt, order.endsWith('DESC')));
    return paged(events, page, false, historyJson);
  }

  return (req) => {
    try {
      const key = req.headers['x-api-key'];
      if (key !== ctx.apiKey) return errorBody(401, 'Missing or invalid API key.', 'UNAUTHORIZED');
      const workspace = typeof req.headers['x-workspace-id'] === 'string' ? req.headers['x-workspace-id'] : undefined;
      // Keys are workspace-scoped (providers.md 1.3): a key used with another workspace is refused.
      if (workspace !== undefined && workspace !== ctx.workspaceId) {
        return errorBody(403, `This API key has no access to workspace ${workspace.slice(0, 40)}.`, 'FORBIDDEN');
      }
      state.requests.push({ method: req.method, path: req.path, workspaceId: workspace });
      let pathMatched = false;
      for (const [method, pattern, handle] of routes) {
        const m = req.path.match(pattern);
        if (!m) continue;
        pathMatched = true;
        if (method === req.method) return handle(req, m);
      }
      return pathMatched ? errorBody(405, `${req.method} is not allowed on ${req.path}.`) : errorBody(404, `No route ${req.method} ${req.path}.`);
    } catch (error) {
      if (error instanceof FakeHttpError) return errorBody(error.status, error.message, error.code);
      throw error;
    }
  };
}
