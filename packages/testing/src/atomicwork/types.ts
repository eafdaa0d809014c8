/**
 * The Atomicwork fake's in-memory records. Ids are decimal strings (int64, exact); field names
 * here are ours, the wire names live in `wire.ts`.
 */

/** Raw grant status (providers.md 1.2). */
export type FakeGrantStatus = 'GRANTED' | 'EXTENDED' | 'REVOKED' | 'EXPIRED';
export type FakeRevocationState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
export type FakeHistoryEventType = 'GRANTED' | 'EXTENDED' | 'REVOKED' | 'EXPIRED';

export interface FakeUser {
  id: string;
  email: string;
  name: string;
}

export interface FakeApp {
  id: string;
  name: string;
  description: string;
  /** Provisioning provider of the app (OKTA, AZURE_AD, JUMPCLOUD, GOOGLE_WORKSPACE, MS_INTUNE, MANUAL). */
  provider: string;
}

export interface FakeEntitlement {
  id: string;
  appId: string;
  name: string;
  description: string;
  /** GROUP, ROLE, LICENSE, REPO, OTHER (providers.md 1.2). */
  type: string;
  /** PUBLISHED or DRAFT/UNPUBLISHED; only PUBLISHED ones can be granted in the fake. */
  status: string;
  provisioningProvider: string;
  /** How a full deprovisioning (skip_deprovisioning=false) ends in the fake. Default COMPLETED. */
  deprovisionOutcome?: 'COMPLETED' | 'FAILED';
}

export interface FakePolicy {
  id: string;
  key: string;
  name: string;
  appId: string;
}

export interface FakeRevocation {
  status: FakeRevocationState;
  scheduleId: string | null;
  reason: string | null;
}

export interface FakeGrant {
  id: string;
  userId: string;
  entitlementId: string;
  appId: string;
  policyId: string | null;
  status: FakeGrantStatus;
  grantType: 'BIRTHRIGHT' | 'PREAPPROVED' | 'APPROVED';
  grantedBy: string | null;
  grantedAt: string;
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
  provisioningStatus: 'COMPLETED' | 'IN_PROGRESS' | 'FAILED';
  revocation: FakeRevocation | null;
}

export interface FakeHistoryEvent {
  id: string;
  grantId: string;
  eventType: FakeHistoryEventType;
  eventAt: string;
  eventBy: string | null;
  reason: string | null;
}
