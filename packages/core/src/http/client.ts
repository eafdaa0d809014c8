/**
 * The one HTTP transport every provider client uses: an undici Pool per origin (keep-alive),
 * per-attempt timeouts that cover the body, retries with full-jitter backoff and Retry-After,
 * optional client-side rate and concurrency limits, AbortSignal support, hooks, and redaction of
 * every secret the client was given.
 */
import { EventEmitter } from 'node:events';
import { Pool } from 'undici';
import { AbortError, ConfigError, type GrantkitError, isOutcomeUnknown, ProviderError, type ProviderName, RateLimitedError, TimeoutError } from '../errors.js';
import { backoffDelay, parseRetryAfter, sleep } from './backoff.js';
import { parseJson, stringifyJson } from './json.js';
import { Limiter } from './limiter.js';
import { type CallReliability, definedOnly, type ReliabilityOptions, resolveReliability } from './options.js';
import { assertSafePath } from './path.js';
import { REDACTED, Redactor, renderRedacted } from './redact.js';
import { secureBaseUrl } from './url.js';
import { defaultErrorFor, type ErrorMapper, type ErrorResponse, isRetryableStatus, networkErrorFor } from './status-errors.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number | boolean>;

export interface RequestEvent {
  method: HttpMethod;
  /** Full URL with credentials in the query string redacted. */
  url: string;
  /** 1 for the first try. */
  attempt: number;
  /** Request headers with credential headers masked. */
  headers: Record<string, string>;
}
export interface ResponseEvent extends RequestEvent {
  status: number;
  durationMs: number;
  requestId: string | undefined;
}
export interface RetryEvent extends RequestEvent {
  delayMs: number;
  /** The typed error of the attempt that failed. */
  error: GrantkitError;
}

/** Observability hooks. They see redacted data only, and an exception thrown in one is ignored. */
export interface TransportHooks {
  onRequest?: (event: RequestEvent) => void;
  onResponse?: (event: ResponseEvent) => void;
  onRetry?: (event: RetryEvent) => void;
}

export interface HttpClientOptions {
  /** Origin plus optional base path, e.g. `https://acme.atomicwork.com/api/v1`. */
  baseUrl: string;
  /** The provider named on errors and hook events. Default: none. */
  provider?: ProviderName;
  /** Headers sent on every request (static credentials go here). Default: none. */
  headers?: Record<string, string>;
  /** Headers computed per attempt, e.g. a bearer token that is refreshed. Default: none. */
  authHeaders?: () => Promise<Record<string, string>> | Record<string, string>;
  /** Every secret this client holds; none of them ever appears in an error or hook payload. Default: none. */
  secrets?: Array<string | undefined>;
  /** Overrides of DEFAULT_RELIABILITY for this client. Default: none (the defaults). */
  reliability?: Partial<ReliabilityOptions>;
  /** onRequest / onResponse / onRetry; they see redacted data only. Default: none. */
  hooks?: TransportHooks;
  /** Maps provider error bodies to typed errors before the status-based default. */
  mapError?: ErrorMapper;
  /** Response header holding the provider's request id (default `x-request-id`). */
  requestIdHeader?: string;
}

export interface HttpRequest {
  method: HttpMethod;
  /** Path below the base URL, starting with `/`. */
  path: string;
  query?: Record<string, QueryValue>;
  /** JSON body (`jsonInt()` values keep exact int64 digits). */
  body?: unknown;
  /** Form body (`application/x-www-form-urlencoded`), for OAuth token endpoints. */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Marks a POST/PATCH as safe to retry (the provider dedupes it). GET/HEAD/PUT/DELETE are safe already. */
  idempotent?: boolean;
  signal?: AbortSignal;
  reliability?: Partial<CallReliability>;
  /** Statuses to return instead of throwing (e.g. 404 on a delete that may already be done). */
  acceptStatuses?: readonly number[];
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
  requestId: string | undefined;
}

const SAFE_METHODS = new Set<HttpMethod>(['GET', 'HEAD', 'PUT', 'DELETE']);

export class HttpClient {
  readonly provider: ProviderName | undefined;
  /** The resolved reliability settings (defaults merged with this client's overrides). */
  readonly reliability: ReliabilityOptions;
  // Everything that holds or reaches a credential is #private: logging or cloning the client
  // (or anything holding it) must not print the headers, the secrets or the pool.
  readonly #options: HttpClientOptions;
  readonly #redactor: Redactor;
  readonly #origin: string;
  readonly #basePath: string;
  readonly #pool: Pool;
  readonly #limiter: Limiter;
  #closed = false;

  constructor(options: HttpClientOptions) {
    const url = secureBaseUrl(options?.baseUrl, 'HttpClient baseUrl', 'https://api.example.com');
    this.#options = { ...options, headers: { ...options.headers } };
    this.provider = options.provider;
    this.#origin = url.origin;
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.reliability = resolveReliability(options.reliability);
    this.#redactor = new Redactor(options.secrets ?? []);
    this.#limiter = new Limiter(this.reliability.requestsPerSecond, this.reliability.maxConcurrency);
    this.#pool = new Pool(this.#origin, { connections: this.reliability.connections, pipelining: 1 });
    renderRedacted(this, 'HttpClient', (c) => ({ ...(c.provider ? { provider: c.provider } : {}), baseUrl: c.baseUrl, credentials: REDACTED }));
  }

  /** Redacts every secret this client was given (and any added later, e.g. a fetched access token). */
  get redactor(): Redactor {
    return this.#redactor;
  }

  get baseUrl(): string {
    return this.#origin + this.#basePath;
  }

  async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    if (this.#closed) throw new ConfigError('This client was closed; create a new one.');
    // Before the URL is built: new URL() would resolve a ".." segment into another route.
    assertSafePath(req.path, this.provider);
    const settings = { ...this.reliability, ...definedOnly(req.reliability) };
    const url = this.urlFor(req);
    const canRetry = SAFE_METHODS.has(req.method) || req.idempotent === true;
    const writes = req.method !== 'GET' && req.method !== 'HEAD';
    // The first attempt of a write whose outcome is unknown (it may have been applied). Giving up
    // later on a transient failure (429, 5xx) must still say "unknown": the 429 or 503 of the last
    // attempt proves nothing about the earlier one, and a caller that takes it as "not done" loses
    // a write that happened (found by the chaos run in packages/core/test/faults).
    let unknown: GrantkitError | undefined;
    const giveUp = (error: GrantkitError): GrantkitError => (unknown && error.retryable && !isOutcomeUnknown(error) ? unknown : error);
    for (let attempt = 1; ; attempt++) {
      if (req.signal?.aborted) throw new AbortError();
      let outcome: { response: HttpResponse<T> } | { error: GrantkitError; retryAfterMs?: number | undefined };
      const release = await this.#limiter.acquire(req.signal);
      try {
        outcome = await this.attempt<T>(req, url, attempt, settings.timeoutMs);
      } finally {
        release();
      }
      if ('response' in outcome) return outcome.response;
      const { error } = outcome;
      if (writes && isOutcomeUnknown(error)) unknown ??= error;
      const retriesLeft = attempt <= settings.maxRetries;
      // A request that never left the machine may be retried whatever its method.
      const mayRepeat = canRetry || (error.code === 'network_error' && !(error as { outcomeUnknown?: boolean }).outcomeUnknown);
      if (!retriesLeft || !mayRepeat || !error.retryable) throw giveUp(error);
      const retryAfterMs = outcome.retryAfterMs;
      if (retryAfterMs !== undefined && retryAfterMs > settings.maxRetryAfterMs) throw giveUp(error);
      const delayMs = retryAfterMs ?? backoffDelay(attempt - 1, settings.baseDelayMs, settings.maxDelayMs);
      this.emit('onRetry', { ...this.event(req, url, attempt), delayMs, error });
      await sleep(delayMs, req.signal);
    }
  }

  /** Closes the keep-alive pool. In-flight requests finish first. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.close();
  }

  private async attempt<T>(
    req: HttpRequest,
    url: URL,
    attempt: number,
    timeoutMs: number,
  ): Promise<{ response: HttpResponse<T> } | { error: GrantkitError; retryAfterMs?: number | undefined }> {
    const options = this.#options;
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.authHeaders) Object.assign(headers, await options.authHeaders());
    Object.assign(headers, req.headers);
    let body: string | undefined;
    if (req.form) {
      body = new URLSearchParams(req.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (req.body !== undefined) {
      body = stringifyJson(req.body);
      headers['content-type'] = 'application/json';
    }
    const hooks = options.hooks;
    // Hook payloads cost a redaction pass over the URL and headers: build them only when asked for.
    const event = hooks?.onRequest || hooks?.onResponse ? this.event(req, url, attempt, headers) : undefined;
    if (event) this.emit('onRequest', event);

    // undici takes an EventEmitter as the abort signal. One per attempt costs far less than an
    // AbortController (plus AbortSignal.any with the caller's signal): about 9 µs a request,
    // measured by bench/ (transport overhead against a raw undici Pool).
    const abort = new EventEmitter();
    let timedOut = false;
    const timeout = setTimeout(() => {
      timedOut = true;
      abort.emit('abort');
    }, timeoutMs);
    const onCallerAbort = () => abort.emit('abort');
    req.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const started = performance.now();
    const what = `${this.provider ?? 'provider'} ${req.method} ${req.path}`;
    try {
      if (req.signal?.aborted) throw new AbortError();
      const res = await this.#pool.request({
        path: url.pathname + url.search,
        method: req.method,
        headers,
        body,
        signal: abort,
        // Our own timer covers the whole exchange; undici's are only a backstop.
        headersTimeout: timeoutMs + 1000,
        bodyTimeout: timeoutMs + 1000,
      });
      const rawBody = await res.body.text();
      const resHeaders = flattenHeaders(res.headers);
      const requestId = resHeaders[(options.requestIdHeader ?? 'x-request-id').toLowerCase()];
      if (event) this.emit('onResponse', { ...event, status: res.statusCode, durationMs: performance.now() - started, requestId });
      const parsed = parseBody(rawBody, resHeaders['content-type']);
      const ok = (res.statusCode >= 200 && res.statusCode < 300) || req.acceptStatuses?.includes(res.statusCode);
      if (ok) {
        if (parsed.error && rawBody.length > 0) {
          return { error: new ProviderError(`${what} returned a body that is not valid JSON.`, { provider: this.provider, requestId, upstreamStatus: res.statusCode }) };
        }
        return { response: { status: res.statusCode, headers: resHeaders, body: parsed.value as T, requestId } };
      }
      const retryAfterMs = parseRetryAfter(resHeaders['retry-after']);
      const errorResponse: ErrorResponse = {
        provider: this.provider,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        headers: resHeaders,
        body: parsed.error ? undefined : this.#redactor.value(parsed.value),
        rawBody: this.#redactor.text(rawBody.slice(0, 2000)),
        requestId,
        retryAfterMs,
      };
      const mapped = options.mapError?.(errorResponse) ?? defaultErrorFor(errorResponse);
      const error = this.redactError(withRetryable(mapped, res.statusCode), retryAfterMs);
      return { error, retryAfterMs: isRetryableStatus(res.statusCode) ? retryAfterMs : undefined };
    } catch (cause) {
      if (req.signal?.aborted) throw new AbortError();
      if (timedOut) {
        return {
          error: new TimeoutError(`${what} timed out after ${timeoutMs} ms (per attempt); the provider may or may not have applied it.`, {
            provider: this.provider,
            outcomeUnknown: true,
          }),
        };
      }
      return { error: this.redactError(networkErrorFor(cause, this.provider, what)) };
    } finally {
      clearTimeout(timeout);
      req.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private urlFor(req: HttpRequest): URL {
    const url = new URL(this.#origin + this.#basePath + req.path);
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value === undefined) continue;
      if (value === null) url.searchParams.append(key, '');
      else if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, String(v));
      else url.searchParams.append(key, String(value));
    }
    return url;
  }

  private event(req: HttpRequest, url: URL, attempt: number, headers: Record<string, string> = {}): RequestEvent {
    return { method: req.method, url: this.#redactor.text(url.toString()), attempt, headers: this.#redactor.headers(headers) };
  }

  private emit<K extends keyof TransportHooks>(name: K, event: Parameters<NonNullable<TransportHooks[K]>>[0]): void {
    try {
      (this.#options.hooks?.[name] as ((e: typeof event) => void) | undefined)?.(event);
    } catch {
      // A failing metrics or logging hook must not fail the request.
    }
  }

  /** Error messages may quote a provider body; make sure no secret of ours rides along. */
  private redactError(error: GrantkitError, retryAfterMs?: number): GrantkitError {
    const clean = this.#redactor.text(error.message);
    if (clean !== error.message) {
      Object.defineProperty(error, 'message', { value: clean, enumerable: false, writable: true, configurable: true });
      if (error.stack) error.stack = this.#redactor.text(error.stack);
    }
    if (error instanceof RateLimitedError && error.retryAfterMs === undefined && retryAfterMs !== undefined) {
      Object.defineProperty(error, 'retryAfterMs', { value: retryAfterMs });
    }
    return error;
  }
}

function withRetryable(error: GrantkitError, status: number): GrantkitError {
  // Provider mappers decide the type; whether to retry follows the status (408/429/5xx).
  if (isRetryableStatus(status) !== error.retryable) Object.defineProperty(error, 'retryable', { value: isRetryableStatus(status) });
  return error;
}

function parseBody(raw: string, contentType: string | undefined): { value: unknown; error: boolean } {
  if (raw.length === 0) return { value: undefined, error: false };
  const looksJson = contentType?.includes('json') || /^\s*[[{]/.test(raw);
  if (!looksJson) return { value: raw, error: true };
  try {
    return { value: parseJson(raw), error: false };
  } catch {
    return { value: raw, error: true };
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
