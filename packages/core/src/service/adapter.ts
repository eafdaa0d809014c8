/**
 * What the Grantkit service needs from each provider, in domain words. An adapter only translates
 * between the domain and one provider client; the grant logic (status, windows, idempotency,
 * audit) stays in the service.
 */
import type { GrantUpdate, GrantRequest } from '../domain/request.js';
import type { GrantStatus } from '../domain/status.js';
import type { ProviderName } from '../errors.js';
import type { GrantRecord } from '../store/types.js';

export interface ProviderCapabilities {
  provider: ProviderName;
  /** The provider enforces starts/ends itself (Seam). Otherwise the service schedules both. */
  nativeWindows: boolean;
  /** Which `update` fields the provider can change on an existing grant. */
  update: { window: boolean; roleKeys: boolean };
  /** `revoke({ deprovision: true })` means something (Atomicwork's full deprovisioning). */
  deprovision: boolean;
}

/** The provider's view of one grant, mapped to our status. */
export interface ProviderState {
  externalId: string;
  status: GrantStatus;
  details: Record<string, unknown>;
  requestId?: string | undefined;
}

export interface ProviderCreateResult extends ProviderState {
  /** `existing` when the provider already had this grant (ZITADEL 409, Seam key, Atomicwork lookup). */
  outcome: 'created' | 'existing';
}

export interface CreateContext {
  /** Stable per grant: the provider-side dedupe key (Seam access_grant_key) derives from it. */
  key: string;
  signal?: AbortSignal | undefined;
}

export interface ProviderAdapter {
  readonly name: ProviderName;
  readonly capabilities: ProviderCapabilities;
  /** Creates the grant. Safe to call again after an unknown outcome: it never makes a second one. */
  create(request: GrantRequest, context: CreateContext): Promise<ProviderCreateResult>;
  /** Finds a grant this request already made (reconciliation after a crash); null when none. */
  find(request: GrantRequest, context: CreateContext): Promise<ProviderState | null>;
  /** Reads the current state; null when the grant is gone at the provider. */
  read(record: GrantRecord): Promise<ProviderState | null>;
  /** Applies changes the capabilities allow. */
  update(record: GrantRecord, changes: GrantUpdate): Promise<ProviderState>;
  /** Takes the access away; a grant already gone or revoked is a success. */
  revoke(record: GrantRecord, options: { reason?: string | undefined; deprovision?: boolean | undefined }): Promise<ProviderState>;
  close(): Promise<void>;
}
