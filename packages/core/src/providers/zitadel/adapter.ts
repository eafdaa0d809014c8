/**
 * The ZITADEL adapter: our grant model <-> ZITADEL user grants (v1) / authorizations (v2).
 * ZITADEL has no time windows: the service schedules starts and expiries. A grant deactivated in
 * ZITADEL reads as revoked (the user has lost the roles); granting it again reactivates it.
 */
import type { GrantRequest, GrantUpdate, ZitadelGrantRequest } from '../../domain/request.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { AccessRef, CreateContext, ProviderAdapter, ProviderCapabilities, ProviderCreateResult, ProviderState } from '../../service/adapter.js';
import type { ZitadelClient } from './client.js';
import type { ZitadelGrant } from './grant.js';

export class ZitadelAdapter implements ProviderAdapter {
  readonly name = 'zitadel' as const;
  readonly capabilities: ProviderCapabilities = { provider: 'zitadel', nativeWindows: false, update: { window: true, roleKeys: true }, deprovision: false };

  constructor(readonly client: ZitadelClient) {}

  async create(request: GrantRequest, context: CreateContext): Promise<ProviderCreateResult> {
    const r = zitadelRequest(request);
    // An active user grant found before our first create was made outside grantkit: adopted, with
    // the keys it has (the service then adds the claims' keys). An inactive one grants nothing, so
    // grantkit takes it over below, as its own.
    if (context.lookFirst) {
      const found = await this.client.findGrant(where(r));
      if (found && found.state === 'ACTIVE') return { ...zitadelState(found), outcome: 'adopted' };
    }
    // ZITADEL keeps one user grant per (org, user, project, project grant): a 409 here is our own
    // earlier attempt or the inactive grant, which addGrant resolves and tops up with our keys.
    const { grant } = await this.client.addGrant({ ...where(r), roleKeys: context.roleKeys ?? r.target.roleKeys });
    let current = grant;
    if (current.state === 'INACTIVE') {
      await this.client.reactivate({ userId: current.userId, grantId: current.id, organizationId: where(r).organizationId });
      current = { ...current, state: 'ACTIVE' };
    }
    return { ...zitadelState(current), outcome: 'created' };
  }

  async find(request: GrantRequest): Promise<ProviderState | null> {
    const r = zitadelRequest(request);
    const grant = await this.client.findGrant(where(r));
    return grant ? zitadelState(grant) : null;
  }

  async read(access: AccessRef): Promise<ProviderState | null> {
    const grant = await this.client.getGrant(refOf(access));
    return grant ? zitadelState(grant) : null;
  }

  async update(access: AccessRef, changes: GrantUpdate): Promise<ProviderState> {
    if (changes.roleKeys) await this.client.updateRoleKeys({ ...refOf(access), roleKeys: changes.roleKeys });
    const state = await this.read(access);
    if (!state) throw new NotFoundError(`ZITADEL grant ${access.externalId} is gone.`, { provider: 'zitadel' });
    return state;
  }

  async revoke(access: AccessRef): Promise<ProviderState> {
    await this.client.removeGrant(refOf(access));
    return { externalId: access.externalId, status: 'revoked', details: { state: 'REMOVED' } };
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

export function zitadelState(grant: ZitadelGrant): ProviderState {
  return {
    externalId: grant.id,
    status: grant.state === 'INACTIVE' ? 'revoked' : 'active',
    roleKeys: [...grant.roleKeys],
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

function refOf(access: AccessRef): { userId: string; grantId: string; organizationId?: string } {
  const place = where(zitadelRequest(access.request));
  return { userId: place.userId, grantId: access.externalId, ...(place.organizationId ? { organizationId: place.organizationId } : {}) };
}

function zitadelRequest(request: GrantRequest): ZitadelGrantRequest {
  if (request.provider !== 'zitadel') throw new ValidationError(`The ZITADEL adapter got a ${request.provider} request.`, [{ path: 'provider', message: 'must be zitadel' }]);
  return request;
}
