/**
 * Seam's error envelope (providers.md §3.4): `{"error": {"type", "message", "validation_errors"?},
 * "ok": false}` with `application/json` (the SDK throws a raw AxiosError on anything else) and the
 * request id in the `seam-request-id` header, never in the body.
 */

export type ValidationTree = { _errors: string[] } & { [field: string]: ValidationTree | string[] };

/** Thrown by route handlers; the fake turns it into the envelope. */
export class SeamFakeError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly validationErrors?: ValidationTree,
  ) {
    super(message);
  }
}

export function notFound(what: string): SeamFakeError {
  return new SeamFakeError(404, 'not_found', `${what} not found`);
}

/** 400 invalid_input naming one field, in zod's `format()` shape as the real API sends it. */
export function invalidField(field: string, message: string): SeamFakeError {
  return invalidInput([{ path: field.split('.'), message }]);
}

export function invalidInput(issues: Array<{ path: string[]; message: string }>): SeamFakeError {
  const tree: ValidationTree = { _errors: [] };
  for (const issue of issues) {
    let node: ValidationTree = tree;
    for (const key of issue.path) {
      const next = (node[key] as ValidationTree | undefined) ?? { _errors: [] };
      node[key] = next;
      node = next;
    }
    node._errors.push(issue.message);
  }
  const first = issues[0];
  const message = first ? `${first.message} for "${first.path.join('.')}"` : 'Invalid input';
  return new SeamFakeError(400, 'invalid_input', message, tree);
}

/** Error type per status for injected faults and unexpected exceptions. */
export function typeForStatus(status: number): string {
  const types: Record<number, string> = {
    400: 'invalid_input',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    409: 'conflict',
    413: 'payload_too_large',
    429: 'rate_limited',
    503: 'service_unavailable',
  };
  return types[status] ?? (status >= 500 ? 'internal_server_error' : 'unknown_error');
}

export function errorBody(error: SeamFakeError): Record<string, unknown> {
  const body: Record<string, unknown> = { type: error.type, message: error.message };
  if (error.validationErrors) body.validation_errors = error.validationErrors;
  return { error: body, ok: false };
}
