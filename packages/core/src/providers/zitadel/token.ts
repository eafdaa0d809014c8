/**
 * Access tokens for the ZITADEL APIs (providers.md 2.7): a PAT as is, or the JWT profile — sign an
 * RS256 assertion with the service user's key (jose), exchange it at `/oauth/v2/token`, cache the
 * access token until less than 60 s of its life remain. Concurrent callers share one exchange.
 */
import { SignJWT } from 'jose';
import { z } from 'zod';
import { type GrantkitError, isGrantkitError, ProviderError } from '../../errors.js';
import type { HttpClient } from '../../http/client.js';
import { REDACTED, type Redactor, renderRedacted } from '../../http/redact.js';
import type { ServiceAccountKey } from './key-file.js';

/** Refresh a cached token when less than this much of its life remains. */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;
/** Lifetime of the signed assertion: used once, right away; 5 minutes leaves room for clock skew. */
const ASSERTION_TTL_SECONDS = 300;
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** `openid` plus the audience that lets the token call ZITADEL's own APIs. */
export const API_SCOPE = 'openid urn:zitadel:iam:org:project:id:zitadel:aud';

// Documented: access_token, token_type, expires_in (RFC 6749 5.1). ZITADEL also sends id_token.
const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
});

export interface TokenSource {
  /** True when a new token can be fetched after a 401 (JWT profile); a PAT cannot be refreshed. */
  readonly refreshable: boolean;
  token(): Promise<string>;
  /** Drops the cached token, if it is still `failed`, so the next `token()` exchanges a new one. */
  invalidate(failed: string): void;
  /** True for an error the token exchange itself raised (no point retrying the API call then). */
  isExchangeError(error: unknown): boolean;
}

export class PatTokenSource implements TokenSource {
  readonly refreshable = false;
  readonly #pat: string;
  constructor(pat: string) {
    this.#pat = pat;
    renderRedacted(this, 'PatTokenSource', () => ({ token: REDACTED }));
  }
  token(): Promise<string> {
    return Promise.resolve(this.#pat);
  }
  invalidate(): void {}
  isExchangeError(): boolean {
    return false;
  }
}

/** Access tokens kept registered with the redactors: the current one and the one before (a call may still carry it). */
const TOKENS_REDACTED = 2;

export class JwtProfileTokenSource implements TokenSource {
  readonly refreshable = true;
  /** Number of token exchanges made (for metrics and tests). */
  exchanges = 0;
  // Everything below holds or reaches a credential: #private, so logging the source prints none.
  readonly #key: ServiceAccountKey;
  readonly #issuer: string;
  readonly #tokenHttp: HttpClient;
  /** Every transport that may see an access token (in a header or echoed in a body) redacts it. */
  readonly #redactors: Redactor[];
  readonly #redactedTokens: string[] = [];
  #cached: { token: string; expiresAt: number } | undefined;
  #inflight: Promise<string> | undefined;
  readonly #exchangeErrors = new WeakSet<object>();

  constructor(key: ServiceAccountKey, issuer: string, tokenHttp: HttpClient, redactors: Redactor[] = [tokenHttp.redactor]) {
    this.#key = key;
    this.#issuer = issuer;
    this.#tokenHttp = tokenHttp;
    this.#redactors = redactors;
    renderRedacted(this, 'JwtProfileTokenSource', (t) => ({ keyId: key.keyId, userId: key.userId, exchanges: t.exchanges, token: REDACTED }));
  }

  token(): Promise<string> {
    if (this.#cached && this.#cached.expiresAt - Date.now() > TOKEN_REFRESH_MARGIN_MS) return Promise.resolve(this.#cached.token);
    this.#inflight ??= this.#exchange().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  invalidate(failed: string): void {
    // Concurrent calls that failed with the same token trigger one exchange, not one each.
    if (this.#cached?.token === failed) this.#cached = undefined;
  }

  isExchangeError(error: unknown): boolean {
    return typeof error === 'object' && error !== null && this.#exchangeErrors.has(error);
  }

  async #exchange(): Promise<string> {
    this.exchanges++;
    let assertion: string | undefined;
    try {
      const now = Math.floor(Date.now() / 1000);
      assertion = await new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid: this.#key.keyId })
        .setIssuer(this.#key.userId)
        .setSubject(this.#key.userId)
        .setAudience(this.#issuer)
        .setIssuedAt(now)
        .setExpirationTime(now + ASSERTION_TTL_SECONDS)
        .sign(this.#key.privateKey());
      // The signed assertion buys a token for 5 minutes: a credential while it is being exchanged.
      this.#tokenHttp.redactor.add(assertion);
      const res = await this.#tokenHttp.request({
        method: 'POST',
        path: '/oauth/v2/token',
        form: { grant_type: JWT_BEARER_GRANT, assertion, scope: API_SCOPE },
        // Exchanging twice only mints two tokens: safe to retry on 5xx or a lost reply.
        idempotent: true,
      });
      const parsed = TokenResponse.safeParse(res.body);
      if (!parsed.success) {
        throw new ProviderError('zitadel token endpoint answered without an access_token.', { provider: 'zitadel', requestId: res.requestId });
      }
      const token = parsed.data.access_token;
      this.#redact(token);
      const lifetimeMs = (parsed.data.expires_in ?? 3600) * 1000;
      this.#cached = { token, expiresAt: Date.now() + lifetimeMs };
      return token;
    } catch (error) {
      throw this.#markExchangeError(error);
    } finally {
      this.#tokenHttp.redactor.forget(assertion);
    }
  }

  /** Registers a fetched access token everywhere the PAT would be, and retires the oldest one. */
  #redact(token: string): void {
    if (this.#redactedTokens.includes(token)) return;
    this.#redactedTokens.push(token);
    const retired = this.#redactedTokens.length > TOKENS_REDACTED ? this.#redactedTokens.shift() : undefined;
    for (const r of this.#redactors) {
      r.add(token);
      if (retired) r.forget(retired);
    }
  }

  #markExchangeError(error: unknown): GrantkitError | unknown {
    if (isGrantkitError(error)) {
      this.#exchangeErrors.add(error);
      return error;
    }
    // jose or crypto failures: never pass their text on, it may describe the key.
    const wrapped = new ProviderError('zitadel: signing the JWT-profile assertion failed; check serviceAccountKey.', { provider: 'zitadel' });
    this.#exchangeErrors.add(wrapped);
    return wrapped;
  }
}
