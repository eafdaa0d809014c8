/**
 * What the Grantkit service needs from each provider, in domain words. An adapter only translates
 * between the domain and one provider client; the grant logic (accesses, claims, status, windows,
 * idempotency, audit) stays in the service. Adapters work on accesses: what the provider holds.
 */
import type { GrantRequest, GrantUpdate } from '../domain/request.js';
import type { GrantStatus } from '../domain/status.js';
import type { ProviderName } from '../errors.js';

export interface ProviderCapabilities {
  provider: ProviderName;
  /** The provider enforces starts/ends itself (Seam). Otherwise the service schedules both. */
  nativeWindows: boolean;
  /** Which `update` fields the provider can change on an existing grant. */
  update: { window: boolean; roleKeys: boolean };
  /** `revoke({ deprovision: true })` means something (Atomicwork's full deprovisioning). */
  deprovision: boolean;
}

/** The provider's view of one access, mapped to what it means for a grant claiming it. */
export interface ProviderState {
  externalId: string;
  status: GrantStatus;
  /** ZITADEL: the role keys the user grant carries. */
  roleKeys?: string[] | undefined;
  details: Record<string, unknown>;
  requestId?: string | undefined;
}

export interface ProviderCreateResult extends ProviderState {
  /**
   * `created`: made by this call (or found as the result of our own earlier attempt).
   * `adopted`: the provider held it before grantkit asked (only with `lookFirst`).
   */
  outcome: 'created' | 'adopted';
}

export interface CreateContext {
  /** Stable per access: provider-side dedupe keys derive from it (Seam access_grant_key). */
  key: string;
  /** ZITADEL: the role keys to create with (the union of the claims). Default: the request's. */
  roleKeys?: string[] | undefined;
  /** Native windows (Seam): the window to create with. Default: the request's. */
  window?: { startsAt: string | null; endsAt: string | null } | undefined;
  /**
   * Look at the provider before creating: the access is new to the store and may be held already
   * (then the result is `adopted`). False when the store knows it is not held.
   */
  lookFirst?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

/** An access the provider holds, as the service hands it to an adapter. */
export interface AccessRef {
  externalId: string;
  /** The request the access was created from: it names the provider identity (user, project, org). */
  request: GrantRequest;
}

export interface ProviderAdapter {
  readonly name: ProviderName;
  readonly capabilities: ProviderCapabilities;
  /** Creates the access. Safe to call again after an unknown outcome: it never makes a second one. */
  create(request: GrantRequest, context: CreateContext): Promise<ProviderCreateResult>;
  /** Finds the access this request names (reconciliation after a lost reply or a crash); null when none. */
  find(request: GrantRequest, context: CreateContext): Promise<ProviderState | null>;
  /** Reads the current state; null when it is gone at the provider. */
  read(access: AccessRef): Promise<ProviderState | null>;
  /** Applies changes the capabilities allow: role keys (replacing the set), a native window. */
  update(access: AccessRef, changes: GrantUpdate): Promise<ProviderState>;
  /** Takes the access away; already gone or revoked is a success. */
  revoke(access: AccessRef, options: { reason?: string | undefined; deprovision?: boolean | undefined }): Promise<ProviderState>;
  close(): Promise<void>;
}
