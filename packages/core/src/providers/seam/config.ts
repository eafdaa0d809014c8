/**
 * SeamClient configuration: which credential goes where (providers.md §3.3). An API key is bound to
 * one workspace; a personal access token needs the workspace in a `seam-workspace` header.
 */
import { ConfigError } from '../../errors.js';
import type { TransportHooks } from '../../http/client.js';
import type { ReliabilityOptions } from '../../http/options.js';
import { secureBaseUrl } from '../../http/url.js';

export const SEAM_DEFAULT_ENDPOINT = 'https://connect.getseam.com';

export interface SeamClientConfig {
  /** Workspace API key (`seam_...`), sent as `Authorization: Bearer`. Exclusive with `personalAccessToken`; one of the two is required (no default). */
  apiKey?: string;
  /** Personal access token (`seam_at...`); needs `workspaceId`. Exclusive with `apiKey`; one of the two is required (no default). */
  personalAccessToken?: string;
  /** Workspace the personal access token acts in (sent as the `seam-workspace` header). Required with `personalAccessToken`, no default. */
  workspaceId?: string;
  /** API origin. Default `https://connect.getseam.com`. https only; plain http is accepted for loopback (127.0.0.0/8, ::1, localhost) alone. */
  endpoint?: string;
  /** Overrides of the transport defaults (timeouts, retries, limits). Default: DEFAULT_RELIABILITY. */
  reliability?: Partial<ReliabilityOptions>;
  /** Request/response/retry hooks; they only ever see redacted data. Default: none. */
  hooks?: TransportHooks;
}

export interface ResolvedSeamAuth {
  headers: Record<string, string>;
  secret: string;
}

/**
 * Checks the credential shape the way the official SDK does (token prefixes in providers.md §3.3)
 * so a PAT passed as `apiKey` fails here with a fix rather than as a 401 later.
 */
export function resolveSeamAuth(config: SeamClientConfig): ResolvedSeamAuth {
  if (config === null || typeof config !== 'object') {
    throw new ConfigError('SeamClient needs a config object: new SeamClient({ apiKey: "seam_..." }).');
  }
  const { apiKey, personalAccessToken, workspaceId } = config;
  if (apiKey !== undefined && personalAccessToken !== undefined) {
    throw new ConfigError('SeamClient takes either apiKey or personalAccessToken (with workspaceId), not both; remove one of them.');
  }
  if (apiKey !== undefined) {
    if (typeof apiKey !== 'string' || !apiKey.startsWith('seam_')) {
      throw new ConfigError('SeamClient apiKey must be a Seam API key starting with "seam_" (create one in the Seam console under API keys).');
    }
    if (apiKey.startsWith('seam_at')) {
      throw new ConfigError('SeamClient apiKey looks like a personal access token ("seam_at..."); pass it as personalAccessToken together with workspaceId.');
    }
    if (apiKey.startsWith('seam_cst') || apiKey.startsWith('seam_pk')) {
      throw new ConfigError('SeamClient apiKey looks like a client session token or publishable key; a backend needs a workspace API key ("seam_...").');
    }
    if (workspaceId !== undefined) {
      throw new ConfigError('SeamClient workspaceId is only used with personalAccessToken; an API key is already bound to its workspace. Remove workspaceId.');
    }
    return { headers: { authorization: `Bearer ${apiKey}` }, secret: apiKey };
  }
  if (personalAccessToken !== undefined) {
    if (typeof personalAccessToken !== 'string' || !personalAccessToken.startsWith('seam_at')) {
      throw new ConfigError('SeamClient personalAccessToken must start with "seam_at"; for a workspace API key use the apiKey option.');
    }
    if (typeof workspaceId !== 'string' || workspaceId.trim() === '') {
      throw new ConfigError('SeamClient personalAccessToken needs workspaceId: new SeamClient({ personalAccessToken, workspaceId: "<workspace id>" }).');
    }
    return {
      headers: { authorization: `Bearer ${personalAccessToken}`, 'seam-workspace': workspaceId },
      secret: personalAccessToken,
    };
  }
  throw new ConfigError('SeamClient needs credentials: pass apiKey ("seam_...") or personalAccessToken ("seam_at...") with workspaceId.');
}

/** The endpoint to use: the default, or the caller's, which must be https (loopback may use http). */
export function resolveSeamEndpoint(endpoint: unknown): string {
  if (endpoint === undefined) return SEAM_DEFAULT_ENDPOINT;
  secureBaseUrl(endpoint, 'SeamClient endpoint', SEAM_DEFAULT_ENDPOINT);
  return endpoint as string;
}
