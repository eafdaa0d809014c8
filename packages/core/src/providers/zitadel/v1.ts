/**
 * The v1 Management API user-grant routes (providers.md 2.2). The org a call acts in travels in
 * `x-zitadel-orgid`; a grant belongs to that org (its resource owner).
 *
 * Idempotency on v1 is ours to provide (providers.md 2.8): an unchanged update, deactivating an
 * inactive grant and reactivating an active one answer FailedPrecondition, and removing a removed
 * grant answers NotFound. Each is turned into a success after checking the grant's actual state,
 * not the (localised) message.
 */
import { ValidationError } from '../../errors.js';
import { pathSegment } from '../../http/path.js';
import type { Caller, CreateParams, GrantApi, ListFilters, ListPage, Ref } from './api.js';
import { ZITADEL_ERROR_IDS } from './errors.js';
import { fromV1, parseWire, type ZitadelGrant } from './grant.js';
import { requireField } from './inputs.js';
import { V1AddUserGrantResponse, V1GetUserGrantResponse, V1ListUserGrantsResponse } from './wire.js';

const BASE = '/management/v1';
const WHY_USER = 'on api v1 (every v1 user-grant path contains the user id)';

export class V1Api implements GrantApi {
  readonly version = 'v1' as const;

  constructor(
    private readonly call: Caller,
    private readonly orgId: string | undefined,
  ) {}

  private headers(organizationId: string | undefined): Record<string, string> {
    const org = organizationId ?? this.orgId;
    return org ? { 'x-zitadel-orgid': org } : {};
  }

  private path(ref: Ref, method: string, suffix = ''): string {
    const userId = requireField(ref.userId, 'userId', method, WHY_USER);
    return `${BASE}/users/${pathSegment(userId, 'userId', 'zitadel')}/grants/${pathSegment(ref.grantId, 'grantId', 'zitadel')}${suffix}`;
  }

  async create(params: CreateParams) {
    const res = await this.call({
      method: 'POST',
      path: `${BASE}/users/${pathSegment(params.userId, 'userId', 'zitadel')}/grants`,
      headers: this.headers(params.organizationId),
      body: { projectId: params.projectId, ...(params.projectGrantId ? { projectGrantId: params.projectGrantId } : {}), roleKeys: params.roleKeys },
      // A repeat after a lost reply hits the unique constraint and comes back as 409, which addGrant resolves.
      idempotent: true,
    });
    const body = parseWire(V1AddUserGrantResponse, res.body, 'AddUserGrant', res.requestId);
    return { id: body.userGrantId, requestId: res.requestId, raw: body };
  }

  async get(ref: Ref, method: string): Promise<ZitadelGrant | undefined> {
    const res = await this.call({ method: 'GET', path: this.path(ref, method), headers: this.headers(ref.organizationId), acceptStatuses: [404] });
    if (res.status === 404) return undefined;
    return fromV1(parseWire(V1GetUserGrantResponse, res.body, 'GetUserGrantByID', res.requestId).userGrant);
  }

  async listPage(filters: ListFilters, offset: number, limit: number): Promise<ListPage> {
    const queries: unknown[] = [];
    if (filters.userId) queries.push({ userIdQuery: { userId: filters.userId } });
    if (filters.projectId) queries.push({ projectIdQuery: { projectId: filters.projectId } });
    if (filters.projectGrantId) queries.push({ projectGrantIdQuery: { projectGrantId: filters.projectGrantId } });
    if (filters.roleKey) queries.push({ roleKeyQuery: { roleKey: filters.roleKey, method: 'TEXT_QUERY_METHOD_EQUALS' } });
    const res = await this.call({
      method: 'POST',
      path: `${BASE}/users/grants/_search`,
      headers: this.headers(filters.organizationId),
      // Ascending (oldest first) so grants added while walking land on later pages, not earlier ones.
      body: { query: { offset: String(offset), limit, asc: true }, queries },
      idempotent: true,
    });
    const body = parseWire(V1ListUserGrantsResponse, res.body, 'ListUserGrants', res.requestId);
    const result = body.result ?? [];
    // UserGrantQuery has no state query: filter here, advance the offset by what the API returned.
    const items = result.map(fromV1).filter((g) => !filters.state || g.state === filters.state);
    const total = body.details?.totalResult === undefined ? undefined : Number(body.details.totalResult);
    return { items, fetched: result.length, total };
  }

  async update(ref: Ref, roleKeys: string[], method: string): Promise<void> {
    try {
      await this.call({ method: 'PUT', path: this.path(ref, method), headers: this.headers(ref.organizationId), body: { roleKeys } });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // Errors.UserGrant.NotChanged (COMMAND-Rs8fy): the grant already holds exactly these keys.
      if (error.providerCode === ZITADEL_ERROR_IDS.notChanged) return;
      const current = await this.get(ref, method);
      if (current && sameSet(current.roleKeys, roleKeys)) return;
      throw error;
    }
  }

  async setActive(ref: Ref, active: boolean, method: string): Promise<void> {
    try {
      await this.call({
        method: 'POST',
        path: this.path(ref, method, active ? '/_reactivate' : '/_deactivate'),
        headers: this.headers(ref.organizationId),
        body: {},
        idempotent: true,
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // NotActive / NotInactive are FailedPrecondition: success when the grant is already there.
      const current = await this.get(ref, method);
      if (current && current.state === (active ? 'ACTIVE' : 'INACTIVE')) return;
      throw error;
    }
  }

  async remove(ref: Ref, method: string): Promise<void> {
    // 404 = already removed (or never there): the desired state holds.
    await this.call({ method: 'DELETE', path: this.path(ref, method), headers: this.headers(ref.organizationId), acceptStatuses: [404] });
  }

  async bulkRemove(grantIds: string[]): Promise<void> {
    await this.call({ method: 'DELETE', path: `${BASE}/user_grants/_bulk`, headers: this.headers(undefined), body: { grantId: grantIds } });
  }
}

function sameSet(a: string[], b: string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((k) => right.has(k));
}
