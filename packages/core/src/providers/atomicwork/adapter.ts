/**
 * The Atomicwork adapter: our grant model <-> Atomicwork IGA grants. Atomicwork has no time
 * windows, so the service schedules starts and expiries; a revoke with `deprovision` runs the full
 * deprovisioning workflow and reports `revoking` until Atomicwork completes it.
 */
import type { AtomicworkGrantRequest, GrantRequest } from '../../domain/request.js';
import type { GrantStatus } from '../../domain/status.js';
import { nullIfNotFound, ValidationError } from '../../errors.js';
import type { CreateContext, ProviderAdapter, ProviderCapabilities, ProviderState } from '../../service/adapter.js';
import type { GrantRecord } from '../../store/types.js';
import type { AtomicworkClient } from './client.js';
import type { AtomicworkGrant } from './wire.js';

export class AtomicworkAdapter implements ProviderAdapter {
  readonly name = 'atomicwork' as const;
  readonly capabilities: ProviderCapabilities = { provider: 'atomicwork', nativeWindows: false, update: { window: true, roleKeys: false }, deprovision: true };

  constructor(readonly client: AtomicworkClient) {}

  async create(request: GrantRequest, context: CreateContext) {
    const r = atomicworkRequest(request);
    // Atomicwork has no idempotency key: an active grant of this entitlement is the grant
    // (outcome `existing`), so look before creating (providers.md 1.5).
    const { grant, outcome } = await this.client.ensureGrant({
      userId: r.subject.userId,
      entitlementId: r.target.entitlementId,
      policyId: r.target.policyId,
      policyKey: r.target.policyKey,
      grantedBy: r.grantedBy,
      grantedAt: r.grantedAt,
      signal: context.signal,
    });
    // `recovered` (our own create, reply lost) is still a create; `already_active` existed before.
    return { ...atomicworkState(grant), outcome: outcome === 'already_active' ? ('existing' as const) : ('created' as const) };
  }

  async find(request: GrantRequest): Promise<ProviderState | null> {
    const r = atomicworkRequest(request);
    const grant = await this.client.findActiveGrant({ userId: r.subject.userId, entitlementId: r.target.entitlementId });
    return grant ? atomicworkState(grant) : null;
  }

  async read(record: GrantRecord): Promise<ProviderState | null> {
    const grant = await nullIfNotFound(this.client.getGrant(record.externalId!));
    return grant ? atomicworkState(grant) : null;
  }

  async update(): Promise<ProviderState> {
    throw new ValidationError('Atomicwork grants have no role keys; only the window can change.', [{ path: 'roleKeys', message: 'not supported by atomicwork' }]);
  }

  async revoke(record: GrantRecord, options: { reason?: string | undefined; deprovision?: boolean | undefined }): Promise<ProviderState> {
    const { grant, revocationStatus } = await this.client.revokeGrant(record.externalId!, { reason: options.reason, deprovision: options.deprovision ?? false });
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
