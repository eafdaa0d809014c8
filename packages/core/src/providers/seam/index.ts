/** `@grantkit/core/seam`: the Seam access-grants client (providers.md §3). */
export { SeamClient } from './client.js';
export { SEAM_DEFAULT_ENDPOINT } from './config.js';
export { isSeamId, SEAM_ID_PATTERN } from '../ids.js';
export type { SeamClientConfig } from './config.js';
export { SeamAccessGrants } from './access-grants.js';
export type { CreateAccessGrantOptions, CreateAccessGrantResult } from './access-grants.js';
export { SeamAccessMethods, SeamActionAttempts } from './access-methods.js';
export { SeamUserIdentities } from './user-identities.js';
export { SeamSpaces } from './spaces.js';
export type { SeamCallOptions } from './transport.js';
export type { SeamDeleteResult } from './delete.js';
export { ACCESS_GRANT_KEY_PREFIX, deriveAccessGrantKey } from './grant-key.js';
export { mapSeamError, SEAM_REQUEST_ID_HEADER, validationIssues } from './errors.js';
export type {
  AccessGrantRef,
  CreateAccessGrantInput,
  ListAccessGrantsInput,
  RequestAccessMethodsInput,
  RequestedAccessMethodInput,
  UpdateAccessGrantInput,
} from './inputs.js';
export type {
  CreateSpaceInput,
  CreateUserIdentityInput,
  DeleteAccessMethodsInput,
  ListAccessMethodsInput,
  ListSpacesInput,
  ListUserIdentitiesInput,
  SpaceDevicesInput,
  SpaceEntrancesInput,
  SpaceRef,
  UpdateSpaceInput,
  UpdateUserIdentityInput,
  UserIdentityRef,
} from './resource-inputs.js';
export {
  seamAccessGrantSchema,
  seamAccessMethodModeSchema,
  seamAccessMethodSchema,
  seamActionAttemptSchema,
  seamErrorEnvelopeSchema,
  seamPaginationSchema,
  seamRequestedAccessMethodSchema,
  seamSpaceSchema,
  seamUserIdentitySchema,
} from './wire.js';
export type {
  SeamAccessGrant,
  SeamAccessMethod,
  SeamAccessMethodMode,
  SeamActionAttempt,
  SeamSpace,
  SeamUserIdentity,
} from './wire.js';
export { SeamAdapter, seamStatus } from './adapter.js';
