/**
 * The ZITADEL adapter: our grant model <-> ZITADEL user grants (v1) / authorizations (v2).
 * ZITADEL has no time windows: the service schedules starts and expiries. A grant deactivated in
 * ZITADEL reads as revoked (the user has lost the roles); granting it again reactivates it.
 */
import type { GrantRequest, GrantUpdate, ZitadelGrantRequest } from '../../domain/request.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { CreateContext, ProviderAdapter, ProviderCapabilities, ProviderState } from '../../service/adapter.js';
import type { GrantRecord } from '../../store/types.js';
import type { ZitadelClient } from './client.js';
import type { ZitadelGrant } from './grant.js';

export class ZitadelAdapter implements ProviderAdapter {
  readonly name = 'zitadel' as const;
  readonly capabilities: ProviderCapabilities = { provider: 'zitadel', nativeWindows: false, update: { window: true, roleKeys: true }, deprovision: false };

  constructor(readonly client: ZitadelClient) {}

  async create(request: GrantRequest, _context: CreateContext) {
    const r = zitadelRequest(request);
    const { grant, outcome } = await this.client.addGrant({ ...where(r), roleKeys: r.target.roleKeys });
    let current = grant;
    if (current.state === 'INACTIVE') {
      await this.client.reactivate({ userId: current.userId, grantId: current.id, organizationId: where(r).organizationId });
      current = { ...current, state: 'ACTIVE' };
    }
    return { ...zitadelState(current), outcome: outcome === 'created' ? ('created' as const) : ('existing' as const) };
  }

  async find(request: GrantRequest): Promise<ProviderState | null> {
    const r = zitadelRequest(request);
    const grant = await this.client.findGrant(where(r));
    return grant ? zitadelState(grant) : null;
  }

  async read(record: GrantRecord): Promise<ProviderState | null> {
    const grant = await this.client.getGrant(refOf(record));
    return grant ? zitadelState(grant) : null;
  }

  async update(record: GrantRecord, changes: GrantUpdate): Promise<ProviderState> {
    if (changes.roleKeys) await this.client.updateRoleKeys({ ...refOf(record), roleKeys: changes.roleKeys });
    const state = await this.read(record);
    if (!state) throw new NotFoundError(`ZITADEL grant ${record.externalId} is gone.`, { provider: 'zitadel' });
    return state;
  }

  async revoke(record: GrantRecord): Promise<ProviderState> {
    await this.client.removeGrant(refOf(record));
    return { externalId: record.externalId!, status: 'revoked', details: { state: 'REMOVED' } };
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

export function zitadelState(grant: ZitadelGrant): ProviderState {
  return {
    externalId: grant.id,
    status: grant.state === 'INACTIVE' ? 'revoked' : 'active',
    details: { roleKeys: grant.roleKeys, state: grant.state, projectGrantId: grant.projectGrantId ?? null, organizationId: grant.organizationId ?? null },
  };
}

/**
 * Where the grant lives. `subject.orgId` names the organization the grant is made in when the
 * target names neither a project grant nor an organization (v1 sends it as x-zitadel-orgid).
 */
function where(r: ZitadelGrantRequest): { userId: string; projectId: string; projectGrantId?: string; organizationId?: string } {
  const out: { userId: string; projectId: string; projectGrantId?: string; organizationId?: string } = { userId: r.subject.userId, projectId: r.target.projectId };
  if (r.target.projectGrantId) out.projectGrantId = r.target.projectGrantId;
  const org = r.target.organizationId ?? r.subject.orgId;
  if (org) out.organizationId = org;
  return out;
}

function refOf(record: GrantRecord): { userId: string; grantId: string; organizationId?: string } {
  const org = where(zitadelRequest(record.request)).organizationId;
  return { userId: String((record.subject as { userId: string }).userId), grantId: record.externalId!, ...(org ? { organizationId: org } : {}) };
}

function zitadelRequest(request: GrantRequest): ZitadelGrantRequest {
  if (request.provider !== 'zitadel') throw new ValidationError(`The ZITADEL adapter got a ${request.provider} request.`, [{ path: 'provider', message: 'must be zitadel' }]);
  return request;
}
