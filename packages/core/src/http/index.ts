export { HttpClient } from './client.js';
export type { HttpClientOptions, HttpMethod, HttpRequest, HttpResponse, QueryValue, RequestEvent, ResponseEvent, RetryEvent, TransportHooks } from './client.js';
export { DEFAULT_RELIABILITY } from './options.js';
export type { CallReliability, ReliabilityOptions } from './options.js';
export { backoffDelay, parseRetryAfter, sleep } from './backoff.js';
export { isInt64String, jsonInt, parseJson, stringifyJson } from './json.js';
export { REDACTED, Redactor } from './redact.js';
export { defaultErrorFor, isRetryableStatus } from './status-errors.js';
export type { ErrorDetail, ErrorMapper, ErrorResponse } from './status-errors.js';
