/**
 * Access tokens for the ZITADEL APIs (providers.md 2.7): a PAT as is, or the JWT profile — sign an
 * RS256 assertion with the service user's key (jose), exchange it at `/oauth/v2/token`, cache the
 * access token until less than 60 s of its life remain. Concurrent callers share one exchange.
 */
import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { type GrantkitError, isGrantkitError, ProviderError } from '../../errors.js';
import type { HttpClient } from '../../http/client.js';
import { privateKeyObject, type ZitadelServiceAccountKey } from './key-file.js';

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
  constructor(private readonly pat: string) {}
  token(): Promise<string> {
    return Promise.resolve(this.pat);
  }
  invalidate(): void {}
  isExchangeError(): boolean {
    return false;
  }
}

export class JwtProfileTokenSource implements TokenSource {
  readonly refreshable = true;
  private readonly privateKey: KeyObject;
  private cached: { token: string; expiresAt: number } | undefined;
  private inflight: Promise<string> | undefined;
  private readonly exchangeErrors = new WeakSet<object>();
  /** Number of token exchanges made (for metrics and tests). */
  exchanges = 0;

  constructor(
    private readonly key: ZitadelServiceAccountKey,
    private readonly issuer: string,
    private readonly tokenHttp: HttpClient,
  ) {
    this.privateKey = privateKeyObject(key);
  }

  token(): Promise<string> {
    if (this.cached && this.cached.expiresAt - Date.now() > TOKEN_REFRESH_MARGIN_MS) return Promise.resolve(this.cached.token);
    this.inflight ??= this.exchange().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  invalidate(failed: string): void {
    // Concurrent calls that failed with the same token trigger one exchange, not one each.
    if (this.cached?.token === failed) this.cached = undefined;
  }

  isExchangeError(error: unknown): boolean {
    return typeof error === 'object' && error !== null && this.exchangeErrors.has(error);
  }

  private async exchange(): Promise<string> {
    this.exchanges++;
    try {
      const now = Math.floor(Date.now() / 1000);
      const assertion = await new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid: this.key.keyId })
        .setIssuer(this.key.userId)
        .setSubject(this.key.userId)
        .setAudience(this.issuer)
        .setIssuedAt(now)
        .setExpirationTime(now + ASSERTION_TTL_SECONDS)
        .sign(this.privateKey);
      const res = await this.tokenHttp.request({
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
      const lifetimeMs = (parsed.data.expires_in ?? 3600) * 1000;
      this.cached = { token: parsed.data.access_token, expiresAt: Date.now() + lifetimeMs };
      return parsed.data.access_token;
    } catch (error) {
      throw this.markExchangeError(error);
    }
  }

  private markExchangeError(error: unknown): GrantkitError | unknown {
    if (isGrantkitError(error)) {
      this.exchangeErrors.add(error);
      return error;
    }
    // jose or crypto failures: never pass their text on, it may describe the key.
    const wrapped = new ProviderError('zitadel: signing the JWT-profile assertion failed; check serviceAccountKey.', { provider: 'zitadel' });
    this.exchangeErrors.add(wrapped);
    return wrapped;
  }
}
