/**
 * ZitadelClient configuration and its validation. Every problem is a ConfigError whose message
 * shows the fix, raised when the client is constructed (not on the first call).
 */
import { ConfigError } from '../../errors.js';
import { zitadelId } from '../ids.js';
import type { TransportHooks } from '../../http/client.js';
import type { ReliabilityOptions } from '../../http/options.js';
import { secureBaseUrl } from '../../http/url.js';
import { parseServiceAccountKey, type ServiceAccountKey, type ZitadelServiceAccountKey } from './key-file.js';

export type ZitadelApiVersion = 'v1' | 'v2';

export interface ZitadelClientConfig {
  /** The instance URL, e.g. `https://acme-abc123.zitadel.cloud`. https only; plain http is accepted for loopback (127.0.0.0/8, ::1, localhost) alone. Required. */
  issuer: string;
  /**
   * The organization the client acts in. On `api: 'v1'` it is sent as `x-zitadel-orgid` (without it
   * ZITADEL uses the service user's own org). On `api: 'v2'` it is the default `organizationId` for
   * creates and the default organization filter for lists. Default: none.
   */
  orgId?: string;
  /**
   * `'v1'` (default): the Management API user-grant routes over REST (deprecated upstream but still
   * served). `'v2'`: the AuthorizationService over the Connect protocol. See providers.md 2.1.
   */
  api?: ZitadelApiVersion;
  /** A personal access token of a service user (sent as `Authorization: Bearer`). Give this or `serviceAccountKey` (no default). */
  personalAccessToken?: string;
  /**
   * A JWT-profile key file of a service user: the parsed JSON `{ type, keyId, key, userId }` or the
   * file's text. Give this or `personalAccessToken` (no default).
   */
  serviceAccountKey?: ZitadelServiceAccountKey | string;
  /** Transport reliability overrides (timeouts, retries, limits). Default: DEFAULT_RELIABILITY. */
  reliability?: Partial<ReliabilityOptions>;
  /** Observability hooks; they see redacted data only. Default: none. */
  hooks?: TransportHooks;
}

export interface ResolvedZitadelConfig {
  issuer: string;
  orgId: string | undefined;
  api: ZitadelApiVersion;
  auth: { kind: 'pat'; token: string } | { kind: 'jwt'; key: ServiceAccountKey };
}

export function resolveConfig(config: ZitadelClientConfig | undefined): ResolvedZitadelConfig {
  if (!config || typeof config !== 'object') {
    throw new ConfigError('new ZitadelClient(config) needs a config object such as { issuer: "https://acme.zitadel.cloud", personalAccessToken }.');
  }
  const issuer = resolveIssuer(config.issuer);
  const api = config.api ?? 'v1';
  if (api !== 'v1' && api !== 'v2') {
    throw new ConfigError(`api must be 'v1' (Management API) or 'v2' (AuthorizationService); got ${JSON.stringify(String(api)).slice(0, 40)}.`);
  }
  if (config.orgId !== undefined && !zitadelId.safeParse(config.orgId).success) {
    throw new ConfigError('orgId must be a ZITADEL organization id, a string of digits such as "69629012906488334", or left out.');
  }
  const hasPat = config.personalAccessToken !== undefined;
  const hasKey = config.serviceAccountKey !== undefined;
  if (hasPat === hasKey) {
    throw new ConfigError(
      'Give exactly one credential: personalAccessToken (a service user PAT) or serviceAccountKey (the JSON key file of a service user).',
    );
  }
  if (hasPat) {
    const token = config.personalAccessToken;
    if (typeof token !== 'string' || token.trim().length < 8 || /\s/.test(token)) {
      throw new ConfigError('personalAccessToken must be the token string ZITADEL showed when the PAT was created (no spaces, no "Bearer " prefix).');
    }
    return { issuer, orgId: config.orgId, api, auth: { kind: 'pat', token } };
  }
  return { issuer, orgId: config.orgId, api, auth: { kind: 'jwt', key: parseServiceAccountKey(config.serviceAccountKey) } };
}

function resolveIssuer(value: unknown): string {
  if (value === undefined || value === '') {
    throw new ConfigError('issuer is required: the instance URL, e.g. "https://acme-abc123.zitadel.cloud".');
  }
  const url = secureBaseUrl(value, 'ZitadelClient issuer', 'https://acme-abc123.zitadel.cloud');
  if (url.search || url.hash) {
    throw new ConfigError('ZitadelClient issuer must be the bare instance URL (no query or fragment), e.g. "https://acme-abc123.zitadel.cloud".');
  }
  // The issuer is also the JWT audience, which ZITADEL compares as a string: no trailing slash.
  return (url.origin + url.pathname).replace(/\/+$/, '');
}
