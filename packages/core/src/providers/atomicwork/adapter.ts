/**
 * The Atomicwork adapter: our grant model <-> Atomicwork IGA grants. Atomicwork has no time
 * windows, so the service schedules starts and expiries; a revoke with `deprovision` runs the full
 * deprovisioning workflow and reports `revoking` until Atomicwork completes it.
 */
import type { AtomicworkGrantRequest, GrantRequest } from '../../domain/request.js';
import type { GrantStatus } from '../../domain/status.js';
import { nullIfNotFound, ValidationError } from '../../errors.js';
import type { AccessRef, CreateContext, ProviderAdapter, ProviderCapabilities, ProviderCreateResult, ProviderState } from '../../service/adapter.js';
import type { AtomicworkClient } from './client.js';
import type { AtomicworkGrant } from './wire.js';

export class AtomicworkAdapter implements ProviderAdapter {
  readonly name = 'atomicwork' as const;
  readonly capabilities: ProviderCapabilities = { provider: 'atomicwork', nativeWindows: false, update: { window: true, roleKeys: false }, deprovision: true };

  constructor(readonly client: AtomicworkClient) {}

  async create(request: GrantRequest, context: CreateContext): Promise<ProviderCreateResult> {
    const r = atomicworkRequest(request);
    const key = { userId: r.subject.userId, entitlementId: r.target.entitlementId, signal: context.signal };
    // Atomicwork has no idempotency key (providers.md 1.5): an access new to the store may be an
    // active grant made outside grantkit. The service asks to look only then, so a grant on an
    // access it already knows costs one request.
    if (context.lookFirst) {
      const found = await this.client.findActiveGrant(key);
      if (found) return { ...atomicworkState(found), outcome: 'adopted' };
    }
    // `recovered` (our own create, reply lost) and `already_active` (a 409 after our own look) are ours.
    const { grant } = await this.client.createGrant({
      ...key,
      policyId: r.target.policyId,
      policyKey: r.target.policyKey,
      grantedBy: r.grantedBy,
      grantedAt: r.grantedAt,
    });
    return { ...atomicworkState(grant), outcome: 'created' };
  }

  async find(request: GrantRequest): Promise<ProviderState | null> {
    const r = atomicworkRequest(request);
    const grant = await this.client.findActiveGrant({ userId: r.subject.userId, entitlementId: r.target.entitlementId });
    return grant ? atomicworkState(grant) : null;
  }

  async read(access: AccessRef): Promise<ProviderState | null> {
    const grant = await nullIfNotFound(this.client.getGrant(access.externalId));
    return grant ? atomicworkState(grant) : null;
  }

  async update(): Promise<ProviderState> {
    throw new ValidationError('Atomicwork grants have no role keys; only the window can change.', [{ path: 'roleKeys', message: 'not supported by atomicwork' }]);
  }

  async revoke(access: AccessRef, options: { reason?: string | undefined; deprovision?: boolean | undefined }): Promise<ProviderState> {
    const { grant, revocationStatus } = await this.client.revokeGrant(access.externalId, { reason: options.reason, deprovision: options.deprovision ?? false });
    return atomicworkState({ ...grant, revocation_status: revocationStatus ?? grant.revocation_status });
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/** GRANTED/EXTENDED -> active; REVOKED -> revoked (revoking while deprovisioning); EXPIRED -> expired. */
export function atomicworkState(grant: AtomicworkGrant): ProviderState {
  const revocation = grant.revocation_status?.status;
  let status: GrantStatus;
  if (revocation === 'IN_PROGRESS') status = 'revoking';
  else if (grant.status === 'REVOKED') status = 'revoked';
  else if (grant.status === 'EXPIRED') status = 'expired';
  else status = 'active';
  return {
    externalId: grant.id,
    status,
    details: {
      grantStatus: grant.status,
      revocationStatus: revocation ?? null,
      scheduleId: grant.revocation_status?.schedule_id ?? null,
    },
  };
}

function atomicworkRequest(request: GrantRequest): AtomicworkGrantRequest {
  if (request.provider !== 'atomicwork') throw new ValidationError(`The Atomicwork adapter got a ${request.provider} request.`, [{ path: 'provider', message: 'must be atomicwork' }]);
  return request;
}
