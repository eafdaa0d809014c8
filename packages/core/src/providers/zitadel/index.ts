/** `@grantkit/core/zitadel`: the ZITADEL user-grant / authorization client. */
export { ZitadelClient } from './client.js';
export type { AddGrantOutcome, AddGrantResult } from './client.js';
export type { ZitadelApiVersion, ZitadelClientConfig } from './config.js';
export type { ZitadelServiceAccountKey } from './key-file.js';
export type { ZitadelGrant, ZitadelGrantState } from './grant.js';
export type { AddGrantInput, FindGrantInput, GrantRef, ListGrantsInput, UpdateRoleKeysInput } from './inputs.js';
export { mapTokenError, mapZitadelError, parseZitadelError, ZITADEL_ERROR_IDS } from './errors.js';
export type { ParsedZitadelError } from './errors.js';
export { API_SCOPE, JWT_BEARER_GRANT, TOKEN_REFRESH_MARGIN_MS } from './token.js';
export * as zitadelWire from './wire.js';
export { ZitadelAdapter, zitadelState } from './adapter.js';
