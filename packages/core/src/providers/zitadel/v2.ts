/**
 * The v2 AuthorizationService over the Connect protocol (providers.md 2.3): every RPC is a JSON
 * POST to `/zitadel.authorization.v2.AuthorizationService/<Rpc>` with `Connect-Protocol-Version: 1`.
 * Delete, activate and deactivate are idempotent by contract; there is no bulk remove.
 */
import { ConfigError } from '../../errors.js';
import type { Caller, CreateParams, GrantApi, ListFilters, ListPage, Ref } from './api.js';
import { fromV2, parseWire, type ZitadelGrant } from './grant.js';
import { requireField } from './inputs.js';
import { V2CreateAuthorizationResponse, V2ListAuthorizationsResponse } from './wire.js';

const SERVICE = '/zitadel.authorization.v2.AuthorizationService';

export class V2Api implements GrantApi {
  readonly version = 'v2' as const;

  constructor(
    private readonly call: Caller,
    private readonly orgId: string | undefined,
  ) {}

  private rpc(name: string, body: unknown, acceptStatuses?: number[]) {
    return this.call({
      method: 'POST',
      path: `${SERVICE}/${name}`,
      headers: { 'connect-protocol-version': '1' },
      body,
      // Reads, replace-style updates and the idempotent state changes are all safe to repeat; a
      // repeated create answers already_exists, which addGrant resolves.
      idempotent: true,
      ...(acceptStatuses ? { acceptStatuses } : {}),
    });
  }

  async create(params: CreateParams) {
    // v2 has no projectGrantId on create: ZITADEL finds the project grant from (project, organization).
    // So a projectGrantId alone cannot be translated without a lookup we do not have; the org must be named.
    const organizationId = requireField(
      params.organizationId ?? (params.projectGrantId ? undefined : this.orgId),
      'organizationId',
      'addGrant',
      params.projectGrantId
        ? 'on api v2 with a projectGrantId (pass the organization the project is granted to; v2 has no projectGrantId field)'
        : 'on api v2 (CreateAuthorization needs the organization owning or granted the project); pass it or set the client orgId',
    );
    const res = await this.rpc('CreateAuthorization', {
      userId: params.userId,
      projectId: params.projectId,
      organizationId,
      roleKeys: params.roleKeys,
    });
    const body = parseWire(V2CreateAuthorizationResponse, res.body, 'CreateAuthorization', res.requestId);
    return { id: body.id, requestId: res.requestId, raw: body };
  }

  async get(ref: Ref): Promise<ZitadelGrant | undefined> {
    // There is no GetAuthorization: list with an id filter.
    const res = await this.rpc('ListAuthorizations', { pagination: { offset: '0', limit: 1 }, filters: [{ authorizationIds: { ids: [ref.grantId] } }] });
    const body = parseWire(V2ListAuthorizationsResponse, res.body, 'ListAuthorizations', res.requestId);
    const found = body.authorizations?.find((a) => a.id === ref.grantId);
    return found ? fromV2(found) : undefined;
  }

  async listPage(filters: ListFilters, offset: number, limit: number): Promise<ListPage> {
    const list: unknown[] = [];
    const organizationId = filters.organizationId ?? this.orgId;
    if (organizationId) list.push({ organizationId: { id: organizationId } });
    if (filters.userId) list.push({ userId: { id: filters.userId } });
    if (filters.projectId) list.push({ projectId: { id: filters.projectId } });
    if (filters.projectGrantId) list.push({ projectGrantId: { id: filters.projectGrantId } });
    if (filters.roleKey) list.push({ roleKey: { key: filters.roleKey, method: 'TEXT_FILTER_METHOD_EQUALS' } });
    if (filters.state) list.push({ state: { state: `STATE_${filters.state}` } });
    const res = await this.rpc('ListAuthorizations', {
      pagination: { offset: String(offset), limit, asc: true },
      sortingColumn: 'AUTHORIZATION_FIELD_NAME_CREATED_DATE',
      filters: list,
    });
    const body = parseWire(V2ListAuthorizationsResponse, res.body, 'ListAuthorizations', res.requestId);
    const auths = body.authorizations ?? [];
    const items = auths.map((a) => {
      const grant = fromV2(a);
      // The v2 object has no project grant id; when the query pinned it, it is known.
      if (filters.projectGrantId) grant.projectGrantId = filters.projectGrantId;
      return grant;
    });
    const total = body.pagination?.totalResult === undefined ? undefined : Number(body.pagination.totalResult);
    return { items, fetched: auths.length, total };
  }

  async update(ref: Ref, roleKeys: string[]): Promise<void> {
    await this.rpc('UpdateAuthorization', { id: ref.grantId, roleKeys });
  }

  async setActive(ref: Ref, active: boolean): Promise<void> {
    await this.rpc(active ? 'ActivateAuthorization' : 'DeactivateAuthorization', { id: ref.grantId });
  }

  async remove(ref: Ref): Promise<void> {
    // Documented: DeleteAuthorization succeeds when the authorization does not exist. 404 is accepted too.
    await this.rpc('DeleteAuthorization', { id: ref.grantId }, [404]);
  }

  bulkRemove(): Promise<void> {
    return Promise.reject(
      new ConfigError('bulkRemove exists only on api v1 (BulkRemoveUserGrant); the v2 AuthorizationService has no bulk delete. Call removeGrant per id.', {
        provider: 'zitadel',
      }),
    );
  }
}
