/**
 * A faithful fake of ZITADEL's user-grant APIs as a real HTTP server on loopback: the v1 Management
 * routes, the v2 AuthorizationService over Connect, OIDC discovery and the jwt-bearer token
 * endpoint, with PATs, org scoping and the shared fault injection (providers.md 2.9).
 */
import { type FakeRequest, type FakeResponse, type ReceivedRequest, startFakeServer } from '../server/fake-server.js';
import { Faults } from '../server/faults.js';
import { genericErrorResponse, v1ErrorResponse, FakeRpcError } from './errors.js';
import { FakeAuth, type ZitadelKeyFile } from './oauth.js';
import { ZITADEL_SEED } from './seed.js';
import { ZitadelFakeState } from './state.js';
import { handleV1 } from './v1-routes.js';
import { handleV2, V2_PREFIX } from './v2-routes.js';

export { ZITADEL_SEED } from './seed.js';
export type { FakeOrg, FakeProject, FakeProjectGrant, FakeRole, FakeUser } from './seed.js';
export { ZitadelFakeState } from './state.js';
export type { FakeZitadelGrant } from './state.js';
export type { ZitadelKeyFile } from './oauth.js';

export interface ZitadelFakeOptions {
  /** Lifetime of issued access tokens in seconds (`expires_in`), so tests can force expiry. Default 3600. */
  tokenTtlSeconds?: number;
  /** Default 127.0.0.1. */
  host?: '127.0.0.1' | '::1';
  /** Default 0 (ephemeral). */
  port?: number;
  /** Seed of the fault-injection random source, for reproducible fault runs. Default: Math.random. */
  faultSeed?: number;
  /** The fake's clock: token expiry, assertion `exp` checks, creation/change dates. Default: real time. */
  now?: () => Date;
}

export interface ZitadelFake {
  /** The issuer / instance URL, e.g. `http://127.0.0.1:41234` (also the JWT audience). */
  url: string;
  /** A PAT of the seed service user (manager in Acme and Partner Co). Random per fake. */
  pat: string;
  /** The seed org the service user belongs to (ZITADEL_SEED.orgId). */
  orgId: string;
  state: ZitadelFakeState;
  faults: Faults;
  /** Mints an RSA key for the seed service user; returns the JSON key file ZITADEL would download. */
  createServiceAccountKey(): Promise<ZitadelKeyFile>;
  /** Revokes one PAT or access token; true when it existed. */
  revokeToken(token: string): boolean;
  /** Makes every issued access token expired now (the client still believes it valid). */
  expireTokens(): void;
  /** Every access token the token endpoint has issued, oldest first: for tests that scan output for secrets. */
  accessTokens(): string[];
  /** Every request as it arrived on the socket (raw URL, before any normalisation), oldest first. */
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startZitadelFake(options: ZitadelFakeOptions = {}): Promise<ZitadelFake> {
  const ttl = options.tokenTtlSeconds ?? 3600;
  if (!Number.isFinite(ttl) || ttl <= 0) throw new Error('tokenTtlSeconds must be a positive number of seconds');
  const state = new ZitadelFakeState(options.now ?? (() => new Date()));
  const auth = new FakeAuth(state, ttl);
  const pat = auth.mintPat(ZITADEL_SEED.serviceUserId);

  const handler = async (req: FakeRequest): Promise<FakeResponse> => {
    if (req.path === '/.well-known/openid-configuration' && req.method === 'GET') return auth.discovery();
    if (req.path === '/oauth/v2/token') return auth.token(req);
    if (req.path.startsWith(V2_PREFIX)) return handleV2(state, auth, req);
    if (req.path.startsWith('/management/v1/')) return handleV1(state, auth, req);
    // grpc-gateway's answer for an unknown path.
    return v1ErrorResponse(new FakeRpcError('not_found', '', 'Not Found'));
  };

  const server = await startFakeServer({
    handler,
    errorResponse: genericErrorResponse,
    faults: new Faults(options.faultSeed),
    host: options.host,
    port: options.port,
  });
  auth.issuer = server.url;
  return {
    url: server.url,
    pat,
    orgId: ZITADEL_SEED.orgId,
    state,
    faults: server.faults,
    createServiceAccountKey: () => auth.createServiceAccountKey(ZITADEL_SEED.serviceUserId),
    revokeToken: (token) => auth.revokeToken(token),
    expireTokens: () => auth.expireTokens(),
    accessTokens: () => auth.accessTokens(),
    received: server.received,
    close: () => server.close(),
  };
}
