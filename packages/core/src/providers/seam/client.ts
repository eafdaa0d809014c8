/**
 * SeamClient: access grants and what they point at, over the one core transport. Namespaced like
 * the official SDK (`client.accessGrants.create(...)`); reads go as GET with query parameters,
 * deletes as DELETE, updates as PATCH and add_* as PUT, the way @seamapi/http 2.x sends them
 * (providers.md §3.5), so the transport retries exactly the calls that are safe to repeat.
 */
import { HttpClient } from '../../http/client.js';
import { SeamAccessGrants } from './access-grants.js';
import { SeamAccessMethods, SeamActionAttempts } from './access-methods.js';
import { REDACTED, renderRedacted } from '../../http/redact.js';
import { resolveSeamAuth, resolveSeamEndpoint, type SeamClientConfig } from './config.js';
import { mapSeamError, SEAM_REQUEST_ID_HEADER } from './errors.js';
import { SeamSpaces } from './spaces.js';
import { SeamTransport } from './transport.js';
import { SeamUserIdentities } from './user-identities.js';

export class SeamClient {
  readonly accessGrants: SeamAccessGrants;
  readonly accessMethods: SeamAccessMethods;
  readonly userIdentities: SeamUserIdentities;
  readonly spaces: SeamSpaces;
  readonly actionAttempts: SeamActionAttempts;
  // #private: the transport holds the API key or PAT, and logging the client must not print it.
  readonly #http: HttpClient;

  /** Throws ConfigError (with the fix) for missing, mixed or mis-shaped credentials, or a plain-http endpoint. */
  constructor(config: SeamClientConfig) {
    const auth = resolveSeamAuth(config);
    this.#http = new HttpClient({
      baseUrl: resolveSeamEndpoint(config.endpoint),
      provider: 'seam',
      headers: auth.headers,
      secrets: [auth.secret],
      reliability: config.reliability,
      hooks: config.hooks,
      mapError: mapSeamError,
      requestIdHeader: SEAM_REQUEST_ID_HEADER,
    });
    const transport = new SeamTransport(this.#http);
    this.accessGrants = new SeamAccessGrants(transport, this.#http.reliability);
    this.accessMethods = new SeamAccessMethods(transport);
    this.userIdentities = new SeamUserIdentities(transport);
    this.spaces = new SeamSpaces(transport);
    this.actionAttempts = new SeamActionAttempts(transport);
    const workspaceId = auth.headers['seam-workspace'];
    renderRedacted(this, 'SeamClient', (c) => ({
      provider: 'seam',
      endpoint: c.endpoint,
      auth: workspaceId === undefined ? 'apiKey' : 'personalAccessToken',
      ...(workspaceId === undefined ? {} : { workspaceId }),
      credentials: REDACTED,
    }));
  }

  /** The API origin this client talks to. */
  get endpoint(): string {
    return this.#http.baseUrl;
  }

  /** Closes the keep-alive connection pool; in-flight calls finish first. */
  async close(): Promise<void> {
    return this.#http.close();
  }
}
