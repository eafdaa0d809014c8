/**
 * @grantkit/seam: door access for a stay, from booking to checkout, on Seam access grants, and
 * verified Seam webhooks for Express and NestJS. The core's types and errors are re-exported so
 * one import is enough.
 */
export { createDoorAccess, DoorAccess, stayKey } from './stays/door-access.js';
export type { DoorAccessOptions, EndStayResult, GrantedStay, GrantStayOptions } from './stays/door-access.js';
export type { GrantStayInput, GuestInput, ListStaysInput, StayMethod, StayRef } from './stays/inputs.js';
export { STAY_METHODS } from './stays/inputs.js';
export { guestKey } from './stays/guest.js';
export type { Stay, StayAccessMethod, StayNote } from './stays/stay.js';
export { SeamWebhookError, SeamWebhookPayloadError, SeamWebhookSignatureError, SeamWebhookTimestampError, StayIssueError } from './errors.js';
export type { FailedDoor, SeamWebhookFailure } from './errors.js';
export { SEAM_WEBHOOK_TOLERANCE_SECONDS, parseEvent, verifySeamWebhook, verifySeamWebhookDelivery } from './webhook/verify.js';
export type { VerifiedSeamWebhook, WebhookHeaders } from './webhook/verify.js';
export {
  ACCESS_GRANT_EVENT_TYPES,
  ACCESS_METHOD_EVENT_TYPES,
  accessGrantIdsOf,
  isAccessGrantEvent,
  isAccessMethodEvent,
} from './webhook/events.js';
export type { AccessGrantEventType, AccessMethodEventType, SeamAccessGrantEvent, SeamAccessMethodEvent, SeamEvent, SeamOtherEvent } from './webhook/events.js';
export { handleSeamWebhook } from './webhook/handle.js';
export type { SeamWebhookDeliveryInfo, SeamWebhookOptions, SeamWebhookReply } from './webhook/handle.js';
export { seamWebhookMiddleware } from './webhook/express.js';
export type { SeamWebhookMiddlewareOptions } from './webhook/express.js';
export { SeenIds } from './webhook/seen-ids.js';
export * from '@grantkit/core';
export { SeamClient } from '@grantkit/core/seam';
export type { SeamAccessGrant, SeamAccessMethod, SeamClientConfig } from '@grantkit/core/seam';
