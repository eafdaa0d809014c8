/**
 * ZITADEL's error bodies as the fake writes them (providers.md 2.4):
 * - v1 (grpc-gateway): `{code: <int>, message: "<text> (<ID>)", details: [{"@type", id, message}]}`,
 *   HTTP status from the gRPC code by grpc-gateway's HTTPStatusFromCode;
 * - v2 (Connect): `{code: "<snake_case>", message, details: [{type, value, debug}]}`, HTTP status by
 *   the Connect protocol's table, the ZITADEL ErrorDetail protobuf-encoded in `value`.
 *
 * Error ids: the ones providers.md quotes from ZITADEL's source are used as is (ZITADEL_IDS). Where
 * the real id is not known the fake uses a `FAKE-` id, so nobody mistakes it for ZITADEL's.
 */
import type { FakeResponse } from '../server/fake-server.js';

export type GrpcCode =
  | 'invalid_argument'
  | 'not_found'
  | 'already_exists'
  | 'permission_denied'
  | 'resource_exhausted'
  | 'failed_precondition'
  | 'unimplemented'
  | 'internal'
  | 'unavailable'
  | 'unauthenticated'
  | 'unknown'
  | 'deadline_exceeded';

const NUMBERS: Record<GrpcCode, number> = {
  unknown: 2,
  invalid_argument: 3,
  deadline_exceeded: 4,
  not_found: 5,
  already_exists: 6,
  permission_denied: 7,
  resource_exhausted: 8,
  failed_precondition: 9,
  unimplemented: 12,
  internal: 13,
  unavailable: 14,
  unauthenticated: 16,
};

/** grpc-gateway HTTPStatusFromCode and the Connect table agree for every code the fake uses. */
const HTTP: Record<GrpcCode, number> = {
  unknown: 500,
  invalid_argument: 400,
  deadline_exceeded: 504,
  not_found: 404,
  already_exists: 409,
  permission_denied: 403,
  resource_exhausted: 429,
  failed_precondition: 400,
  unimplemented: 501,
  internal: 500,
  unavailable: 503,
  unauthenticated: 401,
};

/** Ids quoted in providers.md 2.4 from ZITADEL's source. */
export const ZITADEL_IDS = {
  userGrantInvalid: 'COMMAND-kVfMa',
  roleNotFound: 'COMMAND-mm9F4',
  alreadyExists: 'V3-DKcYh',
  notChanged: 'COMMAND-Rs8fy',
  removeNotFound: 'COMMAND-1My0t',
} as const;

/** An error a fake command raises; rendered per API version by the routes. */
export class FakeRpcError extends Error {
  constructor(
    readonly code: GrpcCode,
    /** ZITADEL error id (`COMMAND-…`), empty for validation errors (protoc-gen-validate sends none). */
    readonly id: string,
    message: string,
  ) {
    super(message);
  }
}

export function v1ErrorResponse(error: FakeRpcError): FakeResponse {
  const details = error.id ? [{ '@type': 'type.googleapis.com/zitadel.v1.ErrorDetail', id: error.id, message: error.message }] : [];
  return {
    status: HTTP[error.code],
    body: { code: NUMBERS[error.code], message: error.id ? `${error.message} (${error.id})` : error.message, details },
  };
}

export function v2ErrorResponse(error: FakeRpcError): FakeResponse {
  const details = error.id
    ? [{ type: 'zitadel.v1.ErrorDetail', value: encodeErrorDetail(error.id, error.message), debug: { id: error.id, message: error.message } }]
    : [];
  return {
    status: HTTP[error.code],
    body: { code: error.code, message: error.id ? `${error.message} (${error.id})` : error.message, details },
  };
}

/** For injected faults: the v1 shape with the gRPC code that grpc-gateway would map to `status`. */
export function genericErrorResponse(status: number, message: string): FakeResponse {
  const code = (Object.entries(HTTP).find(([, s]) => s === status)?.[0] as GrpcCode | undefined) ?? (status >= 500 ? 'internal' : 'unknown');
  return { status, body: { code: NUMBERS[code], message, details: [] } };
}

export function oauthError(status: number, error: string, description: string): FakeResponse {
  return { status, body: { error, error_description: description }, headers: { 'cache-control': 'no-store' } };
}

/** protobuf bytes of `ErrorDetail { string id = 1; string message = 2; }`, base64 (Connect `value`). */
function encodeErrorDetail(id: string, message: string): string {
  const field = (tag: number, text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    return Buffer.concat([Buffer.from([(tag << 3) | 2]), varint(bytes.length), bytes]);
  };
  return Buffer.concat([field(1, id), field(2, message)]).toString('base64').replace(/=+$/, '');
}

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Buffer.from(out);
}
