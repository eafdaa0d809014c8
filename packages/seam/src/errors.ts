/**
 * The errors @grantkit/seam adds to the core ones. They extend the core classes, so
 * `isGrantkitError()` and the problem+json mapping (`toProblem`) work on them unchanged.
 */
import { GrantkitError, ValidationError, type ValidationIssue } from '@grantkit/core';

export type SeamWebhookFailure = 'missing_headers' | 'invalid_signature' | 'stale_timestamp' | 'invalid_payload';

/** A webhook request we refuse (HTTP 400). `reason` says which check failed. */
export class SeamWebhookError extends ValidationError {
  readonly reason: SeamWebhookFailure;

  constructor(reason: SeamWebhookFailure, message: string, issues: ValidationIssue[] = []) {
    super(message, issues, { provider: 'seam' });
    this.reason = reason;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason };
  }
}

/** svix-id, svix-timestamp or svix-signature is missing, or the signature does not match the body. */
export class SeamWebhookSignatureError extends SeamWebhookError {}

/** svix-timestamp is more than 5 minutes away from now (a replay of an old capture, or a skewed clock). */
export class SeamWebhookTimestampError extends SeamWebhookError {}

/** Correctly signed, but the body is not a Seam event (not JSON, or no string event_id / event_type). */
export class SeamWebhookPayloadError extends SeamWebhookError {}

export interface FailedDoor {
  /** The Seam device that cannot take the access method (from `missing_device_ids`). */
  deviceId: string;
}

/**
 * Seam could not issue a requested access method (`access_method.failed_to_issue`,
 * `cannot_create_requested_access_methods`): e.g. a PIN code for a lock without a keypad. The stay
 * exists at Seam; `stayId` names it so it can be ended or given another method.
 */
export class StayIssueError extends GrantkitError {
  readonly stayId: string;
  readonly failedModes: string[];
  readonly failedDoors: FailedDoor[];

  constructor(message: string, fields: { stayId: string; failedModes: string[]; failedDoors: FailedDoor[] }) {
    super('provider_error', message, { provider: 'seam', status: 502, retryable: false, providerCode: 'cannot_create_requested_access_methods' });
    this.stayId = fields.stayId;
    this.failedModes = fields.failedModes;
    this.failedDoors = fields.failedDoors;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), stayId: this.stayId, failedModes: this.failedModes, failedDoors: this.failedDoors };
  }
}
