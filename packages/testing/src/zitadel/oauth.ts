/**
 * The fake's auth: PATs, JWT-profile service account keys, `/oauth/v2/token` (jwt-bearer) and
 * OIDC discovery (providers.md 2.7). The assertion is really verified with jose against the public
 * key registered for its `kid`: signature, RS256, iss = sub = the key's service user, aud = the
 * issuer URL, exp not passed (by the fake's clock).
 */
import { generateKeyPair, type KeyObject, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import type { FakeRequest, FakeResponse } from '../server/fake-server.js';
import { oauthError } from './errors.js';
import type { ZitadelFakeState } from './state.js';

const generateKeyPairAsync = promisify(generateKeyPair);
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Without this audience scope the token cannot call ZITADEL's own APIs. */
const API_AUDIENCE_SCOPE = 'urn:zitadel:iam:org:project:id:zitadel:aud';

/** The JSON key file ZITADEL lets you download for a service user key. */
export interface ZitadelKeyFile {
  type: 'serviceaccount';
  keyId: string;
  /** PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`), as ZITADEL issues it. */
  key: string;
  userId: string;
}

interface AccessToken {
  userId: string;
  expiresAt: number;
  apiAudience: boolean;
}

export class FakeAuth {
  private readonly keys = new Map<string, { userId: string; publicKey: KeyObject }>();
  private readonly pats = new Map<string, string>();
  private readonly tokens = new Map<string, AccessToken>();
  /** Set once the server listens: the issuer URL is the server's own URL. */
  issuer = '';

  constructor(
    private readonly state: ZitadelFakeState,
    private readonly tokenTtlSeconds: number,
  ) {}

  /** A new PAT for `userId` (random per fake). */
  mintPat(userId: string): string {
    const pat = `fakepat_${randomBytes(24).toString('base64url')}`;
    this.pats.set(pat, userId);
    return pat;
  }

  /** A new RSA 2048 key for `userId`; the fake keeps only the public half. */
  async createServiceAccountKey(userId: string): Promise<ZitadelKeyFile> {
    const { privateKey, publicKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
    const keyId = this.state.newId();
    this.keys.set(keyId, { userId, publicKey });
    return { type: 'serviceaccount', keyId, key: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), userId };
  }

  /** Revokes one PAT or access token. */
  revokeToken(token: string): boolean {
    return this.pats.delete(token) || this.tokens.delete(token);
  }

  /** Every access token issued so far (revoked ones excepted), oldest first. */
  accessTokens(): string[] {
    return [...this.tokens.keys()];
  }

  /** Expires every issued access token now (PATs stay valid), as if their lifetime ran out. */
  expireTokens(): void {
    for (const token of this.tokens.values()) token.expiresAt = 0;
  }

  /** The caller's user id, or undefined when the bearer is missing, unknown or expired. */
  authenticate(req: FakeRequest): string | undefined {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer (\S+)$/i.exec(header) : null;
    if (!match) return undefined;
    const token = match[1]!;
    const pat = this.pats.get(token);
    if (pat) return pat;
    const access = this.tokens.get(token);
    if (!access || access.expiresAt <= this.state.now().getTime() || !access.apiAudience) return undefined;
    return access.userId;
  }

  discovery(): FakeResponse {
    const i = this.issuer;
    return {
      status: 200,
      body: {
        issuer: i,
        authorization_endpoint: `${i}/oauth/v2/authorize`,
        token_endpoint: `${i}/oauth/v2/token`,
        introspection_endpoint: `${i}/oauth/v2/introspect`,
        userinfo_endpoint: `${i}/oidc/v1/userinfo`,
        jwks_uri: `${i}/oauth/v2/keys`,
        grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials', JWT_BEARER],
        token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt'],
        scopes_supported: ['openid', 'profile', 'email'],
      },
    };
  }

  async token(req: FakeRequest): Promise<FakeResponse> {
    this.state.stats.tokenRequests++;
    if (req.method !== 'POST') return oauthError(405, 'invalid_request', 'use POST');
    if (!String(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
      return oauthError(400, 'invalid_request', 'the token request must be form-encoded');
    }
    const form = new URLSearchParams(req.rawBody);
    if (form.get('grant_type') !== JWT_BEARER) return oauthError(400, 'unsupported_grant_type', 'only the jwt-bearer grant is served by this fake');
    const assertion = form.get('assertion');
    if (!assertion) return oauthError(400, 'invalid_request', 'assertion missing');
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(assertion).kid;
    } catch {
      return oauthError(400, 'invalid_grant', 'assertion is not a JWT');
    }
    const key = kid ? this.keys.get(kid) : undefined;
    if (!key) return oauthError(400, 'invalid_grant', 'no key registered for the assertion kid');
    try {
      await jwtVerify(assertion, key.publicKey, {
        algorithms: ['RS256'],
        issuer: key.userId,
        subject: key.userId,
        audience: this.issuer,
        currentDate: this.state.now(),
        requiredClaims: ['exp', 'iat'],
      });
    } catch (error) {
      return oauthError(400, 'invalid_grant', `assertion invalid: ${describe(error)}`);
    }
    const scopes = (form.get('scope') ?? '').split(/\s+/);
    if (!scopes.includes('openid')) return oauthError(400, 'invalid_scope', 'scope must include openid');
    const accessToken = `fakeat_${randomBytes(24).toString('base64url')}`;
    this.tokens.set(accessToken, {
      userId: key.userId,
      expiresAt: this.state.now().getTime() + this.tokenTtlSeconds * 1000,
      apiAudience: scopes.includes(API_AUDIENCE_SCOPE),
    });
    this.state.stats.tokensIssued++;
    return {
      status: 200,
      headers: { 'cache-control': 'no-store' },
      body: { access_token: accessToken, token_type: 'Bearer', expires_in: this.tokenTtlSeconds },
    };
  }
}

function describe(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'expired';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature verification failed';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `claim ${error.claim} ${error.reason}`;
  if (error instanceof joseErrors.JOSEError) return error.code;
  return 'malformed';
}
