/**
 * AtomicworkClient configuration and its validation. The tenant becomes the host name, so it is
 * checked as a single DNS label: nothing a caller passes can send the API key to another host.
 */
import { ConfigError } from '../../errors.js';
import type { ReliabilityOptions, TransportHooks } from '../../http/index.js';
import { secureBaseUrl } from '../../http/url.js';

export interface AtomicworkClientConfig {
  /**
   * Your Atomicwork subdomain: `acme` for `https://acme.atomicwork.com`. A single DNS label
   * (letters, digits, hyphens). Give either `tenant` or `baseUrl`; there is no default.
   */
  tenant?: string;
  /**
   * Explicit origin instead of `tenant`, e.g. a fake's URL in tests. `/api/v1` is appended. https
   * only; plain http is accepted for loopback (127.0.0.0/8, ::1, localhost) alone. Default:
   * `https://<tenant>.atomicwork.com`.
   */
  baseUrl?: string;
  /** API key (Settings -> Integrations -> API Keys), sent as `X-Api-Key`. Required. */
  apiKey: string;
  /** Numeric workspace id, sent as `X-Workspace-Id` when given (providers.md 1.3). Default: not sent. */
  workspaceId?: string;
  /** Timeouts, retries and limits; defaults in `DEFAULT_RELIABILITY`. */
  reliability?: Partial<ReliabilityOptions>;
  /** Observability hooks (they see redacted data only). Default: none. */
  hooks?: TransportHooks;
}

/** RFC 1123 label: 1-63 letters, digits and hyphens, no hyphen at either end. */
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
/** Visible ASCII only: a key with spaces, line breaks or control characters cannot be a header value. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

export interface ResolvedAtomicworkConfig {
  baseUrl: string;
  headers: Record<string, string>;
}

export function resolveAtomicworkConfig(config: AtomicworkClientConfig | undefined): ResolvedAtomicworkConfig {
  if (!config || typeof config !== 'object') {
    throw new ConfigError('new AtomicworkClient(config) needs a config object: { tenant: "acme", apiKey: process.env.ATOMICWORK_API_KEY }.');
  }
  const { tenant, baseUrl, apiKey, workspaceId } = config;
  if (typeof apiKey !== 'string' || apiKey.length === 0) {
    throw new ConfigError('AtomicworkClient needs apiKey (an Atomicwork API key from Settings -> Integrations -> API Keys).');
  }
  if (!HEADER_SAFE.test(apiKey)) {
    // Never echo the key: say what is wrong with it only.
    throw new ConfigError('AtomicworkClient apiKey contains spaces, line breaks or non-ASCII characters; pass the key exactly as issued (trim it).');
  }
  if (workspaceId !== undefined && (typeof workspaceId !== 'string' || !/^\d{1,19}$/.test(workspaceId))) {
    throw new ConfigError('AtomicworkClient workspaceId must be the numeric workspace id as a string, e.g. "12345".');
  }
  if (tenant !== undefined && baseUrl !== undefined) {
    throw new ConfigError('AtomicworkClient takes either tenant or baseUrl, not both; use tenant for https://{tenant}.atomicwork.com.');
  }
  let origin: string;
  if (tenant !== undefined) {
    if (typeof tenant !== 'string' || !DNS_LABEL.test(tenant)) {
      const hint = typeof tenant === 'string' && /^[a-z0-9-]+\.atomicwork\.com$/i.test(tenant) ? ` Pass just "${tenant.split('.')[0]}".` : '';
      throw new ConfigError(
        `AtomicworkClient tenant must be your subdomain only, a single DNS label such as "acme" (for https://acme.atomicwork.com).${hint}`,
      );
    }
    origin = `https://${tenant.toLowerCase()}.atomicwork.com`;
  } else if (typeof baseUrl === 'string' && baseUrl.length > 0) {
    // https only (loopback may use http, for fakes): the API key must not travel in clear text.
    secureBaseUrl(baseUrl, 'AtomicworkClient baseUrl', 'https://acme.atomicwork.com');
    // Accept the origin with or without the /api/v1 suffix.
    origin = baseUrl.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  } else {
    throw new ConfigError('AtomicworkClient needs tenant (e.g. "acme" for https://acme.atomicwork.com) or, for tests, baseUrl.');
  }
  const headers: Record<string, string> = { 'x-api-key': apiKey };
  if (workspaceId !== undefined) headers['x-workspace-id'] = workspaceId;
  return { baseUrl: `${origin}/api/v1`, headers };
}
