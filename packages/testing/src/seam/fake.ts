/**
 * `startSeamFake()`: a Seam Connect API for the access-grant routes, as a real HTTP server on
 * loopback (providers.md §3.10). Every route takes POST + JSON and its GET/DELETE/PATCH/PUT form,
 * replies `{..., ok: true}` or the error envelope, always with a `seam-request-id` header.
 */
import { randomUUID } from 'node:crypto';
import { type FakeRequest, type FakeResponse, type ReceivedRequest, startFakeServer } from '../server/fake-server.js';
import { ChangeFeed, type WaitOptions } from '../server/change-feed.js';
import { Faults } from '../server/faults.js';
import { type Route, type RouteContext } from './context.js';
import { errorBody, SeamFakeError, typeForStatus } from './errors.js';
import { GrantLifecycle } from './lifecycle.js';
import { Params, requestParams } from './params.js';
import { accessGrantRoutes } from './routes/access-grants.js';
import { accessMethodRoutes } from './routes/access-methods.js';
import { spaceRoutes } from './routes/spaces.js';
import { userIdentityRoutes } from './routes/user-identities.js';
import { SEAM_FAKE_SEED } from './seed.js';
import { seedState } from './seed-state.js';
import { SeamFakeState, type SeamFakeEvent } from './state.js';
import { newWebhookSecret, type WebhookDelivery, WebhookSender } from './webhooks.js';

export interface SeamFakeOptions {
  /** Delay before a new access method is issued, in ms. Default 50. */
  issueDelayMs?: number;
  /** How long a deleted grant shows the `being_deleted` warning before it is gone, in ms. Default 0. */
  deleteDelayMs?: number;
  /** Deliver every event, Svix-signed, to this loopback URL. `secret` defaults to a fresh `whsec_...`. */
  webhook?: { url: string; secret?: string };
  /** Default `127.0.0.1`. */
  host?: '127.0.0.1' | '::1';
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Seed of the fault injection's random source, for reproducible fault runs. Default: none (Math.random). */
  faultSeed?: number;
  /** Clock for every timestamp and the "ends_at in the future" check. Default `() => new Date()`. */
  now?: () => Date;
}

/** One request as the fake saw it and answered it (for conformance checks and assertions). */
export interface SeamFakeRequestLog {
  method: string;
  path: string;
  query: URLSearchParams;
  rawBody: string;
  status: number;
  body: unknown;
}

export interface SeamFake {
  url: string;
  /** API key of the demo workspace (`SEAM_FAKE_SEED.apiKey`). */
  apiKey: string;
  /** Personal access token (`seam_at...`) valid for both seeded workspaces. */
  pat: string;
  workspaceId: string;
  /** The `whsec_...` secret webhooks are signed with (also when no webhook URL is set). */
  webhookSecret: string;
  state: SeamFakeState;
  faults: Faults;
  /** Every event emitted so far, oldest first (live array). */
  events: SeamFakeEvent[];
  /** Every request handled, with its reply (live array). */
  requests: SeamFakeRequestLog[];
  /** Webhook delivery attempts so far (live array; empty without `webhook`). */
  webhookDeliveries: WebhookDelivery[];
  /** Resolves when queued webhook deliveries are done (not when later events are still to come: see waitForEvent). */
  webhooksIdle(): Promise<void>;
  /**
   * Resolves with the first event (already emitted or still to come) that `match` accepts. Await
   * this instead of sleeping past `issueDelayMs` / `deleteDelayMs`. Rejects after `timeoutMs`
   * (default 5000) or when the fake closes.
   */
  waitForEvent(match: (event: SeamFakeEvent) => boolean, options?: WaitOptions): Promise<SeamFakeEvent>;
  /** Resolves with `check()`'s value once it is truthy, re-checked after every event and request. */
  waitUntil<T>(check: () => T | undefined | null | false, options?: WaitOptions): Promise<T>;
  /** Every request as it arrived on the socket (raw URL, before any normalisation), oldest first. */
  received: ReceivedRequest[];
  close(): Promise<void>;
}

const ROUTES: Record<string, Route> = { ...accessGrantRoutes, ...accessMethodRoutes, ...userIdentityRoutes, ...spaceRoutes };

export async function startSeamFake(options: SeamFakeOptions = {}): Promise<SeamFake> {
  const now = options.now ?? (() => new Date());
  const state = new SeamFakeState();
  seedState(state);
  const webhookSecret = options.webhook?.secret ?? newWebhookSecret();
  const sender = options.webhook ? new WebhookSender(options.webhook.url, webhookSecret) : undefined;
  const lifecycle = new GrantLifecycle({
    state,
    now,
    issueDelayMs: options.issueDelayMs ?? 50,
    deleteDelayMs: options.deleteDelayMs ?? 0,
    onEvent: (event) => {
      sender?.send(event);
      changes.notify();
    },
  });
  state.removeAccessGrant = (id) => lifecycle.removeGrant(id);
  const requests: SeamFakeRequestLog[] = [];
  const changes = new ChangeFeed();

  const reply = (status: number, body: unknown): FakeResponse => ({ status, headers: { 'seam-request-id': `request_${randomUUID()}` }, body });
  const handler = (req: FakeRequest): FakeResponse => {
    let response: FakeResponse;
    try {
      response = reply(200, { ...route(req), ok: true });
    } catch (error) {
      const e = error instanceof SeamFakeError ? error : new SeamFakeError(500, 'internal_server_error', 'Internal server error');
      response = reply(e.status, errorBody(e));
    }
    requests.push({ method: req.method, path: req.path, query: req.query, rawBody: req.rawBody, status: response.status, body: response.body });
    changes.notify();
    return response;
  };

  const route = (req: FakeRequest): Record<string, unknown> => {
    const entry = ROUTES[req.path];
    if (!entry) throw new SeamFakeError(404, 'not_found', `Route ${req.path} not found`);
    if (req.method !== 'POST' && !entry.methods.includes(req.method as never)) {
      throw new SeamFakeError(405, 'method_not_allowed', `${req.method} is not allowed on ${req.path}`);
    }
    const workspaceId = authenticate(state, req);
    const ctx: RouteContext = {
      state,
      workspaceId,
      params: new Params(requestParams(req)),
      now,
      lifecycle,
      baseUrl: `http://${req.headers.host ?? '127.0.0.1'}`,
      path: req.path,
    };
    return entry.handler(ctx);
  };

  const server = await startFakeServer({
    handler,
    errorResponse: (status, message) => reply(status, errorBody(new SeamFakeError(status, typeForStatus(status), message))),
    faults: new Faults(options.faultSeed),
    host: options.host,
    port: options.port,
  });
  return {
    url: server.url,
    apiKey: SEAM_FAKE_SEED.apiKey,
    pat: SEAM_FAKE_SEED.personalAccessToken,
    workspaceId: SEAM_FAKE_SEED.workspaceId,
    webhookSecret,
    state,
    faults: server.faults,
    events: state.events,
    requests,
    webhookDeliveries: sender?.deliveries ?? [],
    webhooksIdle: () => sender?.idle() ?? Promise.resolve(),
    waitForEvent: (match, waitOptions) => changes.until(() => state.events.find(match), { what: 'a matching Seam event', ...waitOptions }),
    waitUntil: (check, waitOptions) => changes.until(check, waitOptions),
    received: server.received,
    close: async () => {
      changes.close();
      lifecycle.dispose();
      await sender?.close();
      await server.close();
    },
  };
}

/** `Bearer seam_...` (API key) or `Bearer seam_at...` + `seam-workspace` (providers.md §3.3). */
function authenticate(state: SeamFakeState, req: FakeRequest): string {
  const header = req.headers.authorization;
  if (!header) throw new SeamFakeError(401, 'unauthorized', 'No Authorization header');
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!token) throw new SeamFakeError(401, 'unauthorized', 'Authorization header must be "Bearer <token>"');
  if (token.startsWith('seam_at')) {
    const workspaces = state.personalAccessTokens.get(token);
    if (!workspaces) throw new SeamFakeError(401, 'unauthorized', 'Personal access token not found');
    const workspace = req.headers['seam-workspace'];
    if (typeof workspace !== 'string' || workspace === '') {
      throw new SeamFakeError(401, 'unauthorized', 'A personal access token needs the seam-workspace header');
    }
    if (!workspaces.has(workspace)) throw new SeamFakeError(401, 'unauthorized', 'Personal access token has no access to this workspace');
    return workspace;
  }
  const workspace = state.apiKeys.get(token);
  if (!workspace) throw new SeamFakeError(401, 'unauthorized', 'API Key not found');
  return workspace;
}
