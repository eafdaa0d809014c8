/**
 * The grants HTTP API as data: one row per route with its method, path, the action a caller must
 * be allowed, the zod schemas of its input and output, and a handler over plain input. The Express
 * router and the NestJS controller mount these rows and only translate; the OpenAPI document is
 * generated from the same rows.
 */
import { z } from 'zod';
import type { Grant, GrantResult } from '../domain/grant.js';
import { ConflictError } from '../errors.js';
import { listFilterSchema } from '../domain/filter.js';
import type { ListFilterInput } from '../domain/filter.js';
import {
  grantRequestSchema,
  idempotencyKeySchema,
  revokeGrantSchema,
  updateGrantSchema,
  type GrantRequestInput,
  type GrantUpdateInput,
  type RevokeOptionsInput,
} from '../domain/request.js';
import { parseOrThrow } from '../domain/validate.js';
import type { Grantkit } from '../service/grantkit.js';
import { isIdempotencyConflict, scopedIdempotencyKey } from './idempotency.js';
import { createOpenApiDocument } from './openapi.js';
import { grantHistorySchema, grantPageSchema, grantSchema, openApiDocumentSchema, providerListSchema, revokeAllReportSchema } from './schemas.js';
import { entryJson } from './revoke-all.js';

/** What a caller must be allowed to do for a route. */
export type GrantsAction = 'grant' | 'read' | 'update' | 'revoke';

export type ApiMethod = 'GET' | 'POST' | 'PATCH';

/** A request in plain data, as an adapter hands it over. Header names are lower case. */
export interface ApiInput {
  params: Record<string, string | undefined>;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body; undefined when there was none. */
  body?: unknown;
  /** Where the router is mounted (`/api`), for the OpenAPI `servers` entry. */
  baseUrl?: string | undefined;
}

/** A response in plain data: the adapter writes status, headers and `JSON.stringify(body)`. */
export interface ApiResult {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** What a handler gets: the input with the query validated and, for `:id` routes, the grant loaded. */
export interface RouteInput extends Omit<ApiInput, 'query'> {
  query: Record<string, unknown>;
  grant?: Grant | undefined;
  /** The caller's stable id (see `GrantsApiOptions.principalId`); undefined when none is known. */
  principalId?: string | undefined;
}

export interface GrantsRoute {
  /** Stable name, also the OpenAPI operationId. */
  id: string;
  method: ApiMethod;
  /** Express-style path relative to the mount point (`/grants/:id`). */
  path: string;
  action: GrantsAction;
  summary: string;
  /** The JSON body, validated by the core (`required: false` lets an empty body mean `{}`). */
  body?: { schema: z.ZodType; required: boolean; description: string } | undefined;
  /** Query parameters; a route without one accepts none (unknown keys are a 400). */
  query?: z.ZodObject | undefined;
  /** Request headers the route reads. */
  headers?: z.ZodObject | undefined;
  response: { status: number; schema: z.ZodType; description: string };
  /** Error statuses beyond the ones every route can answer (400, 401, 403, 500). */
  errors: readonly number[];
  handle(grantkit: Grantkit, input: RouteInput): Promise<ApiResult>;
}

/** Every route can answer these; the OpenAPI document lists them for each operation. */
export const COMMON_ERROR_STATUSES = [400, 401, 403, 500] as const;
const BODY_ERRORS = [413, 415] as const;
const PROVIDER_ERRORS = [409, 429, 502, 504] as const;

export const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

function ok(status: number, body: unknown): ApiResult {
  return { status, body, headers: { ...JSON_HEADERS } };
}

/** 201 for a new grant, 200 when an Idempotency-Key replayed an earlier one. */
function created(result: GrantResult): ApiResult {
  return ok(result.replayed ? 200 : 201, result.grant);
}

/** The grant a `:id` route works on; loaded (or a NotFoundError thrown) before the handler runs. */
function idOf(input: RouteInput): string {
  return input.grant?.id ?? String(input.params.id);
}

const createHeaders = z.object({
  'idempotency-key': idempotencyKeySchema
    .optional()
    .describe(
      "Repeat a request safely: the same key with the same body returns the first result (200) without calling the provider again; with a different body it is a 409. Keys are the caller's own: another caller's key never replays or blocks yours.",
    ),
});

// Bodies reach the service as its parameter types without a check here: every Grantkit method
// validates its arguments at run time (the check a JavaScript caller gets), and its
// ValidationError, naming each field, is the 400.
export const GRANTS_ROUTES: readonly GrantsRoute[] = [
  {
    id: 'createGrant',
    method: 'POST',
    path: '/grants',
    action: 'grant',
    summary: 'Grant access',
    body: { schema: grantRequestSchema, required: true, description: 'What to grant, to whom, at which provider' },
    headers: createHeaders,
    response: { status: 201, schema: grantSchema, description: 'Created (200 when an Idempotency-Key replays an earlier result)' },
    errors: [...BODY_ERRORS, ...PROVIDER_ERRORS],
    async handle(grantkit, input) {
      const header = parseOrThrow(createHeaders, { 'idempotency-key': input.headers['idempotency-key'] }, 'headers')['idempotency-key'];
      const request = input.body as GrantRequestInput;
      if (header === undefined) return created(await grantkit.grant(request));
      const idempotencyKey = scopedIdempotencyKey(input.principalId, header);
      try {
        return created(await grantkit.grant(request, { idempotencyKey }));
      } catch (error) {
        // The service's message is about its own key (and may name the first grant): answer in the
        // caller's words, revealing nothing of the request that used the key first.
        if (!isIdempotencyConflict(error, idempotencyKey)) throw error;
        throw new ConflictError(`Idempotency-Key "${header}" was already used for a different request; send that same request again, or use a new key.`);
      }
    },
  },
  {
    id: 'listGrants',
    method: 'GET',
    path: '/grants',
    action: 'read',
    summary: 'List grants, oldest first, one page at a time',
    query: listFilterSchema,
    response: { status: 200, schema: grantPageSchema, description: 'One page of grants' },
    errors: [],
    async handle(grantkit, input) {
      const page = await grantkit.list(input.query as ListFilterInput).firstPage();
      return ok(200, { items: page.items, nextCursor: page.nextCursor });
    },
  },
  {
    id: 'getGrant',
    method: 'GET',
    path: '/grants/:id',
    action: 'read',
    summary: 'Read one grant',
    response: { status: 200, schema: grantSchema, description: 'The grant' },
    errors: [404],
    async handle(grantkit, input) {
      return ok(200, input.grant ?? (await grantkit.get(idOf(input))));
    },
  },
  {
    id: 'getGrantHistory',
    method: 'GET',
    path: '/grants/:id/history',
    action: 'read',
    summary: 'The audit trail of one grant, oldest first',
    response: { status: 200, schema: grantHistorySchema, description: 'The events of the grant' },
    errors: [404],
    async handle(grantkit, input) {
      return ok(200, { items: await grantkit.history(idOf(input)) });
    },
  },
  {
    id: 'updateGrant',
    method: 'PATCH',
    path: '/grants/:id',
    action: 'update',
    summary: 'Move the window or replace ZITADEL role keys',
    body: { schema: updateGrantSchema, required: true, description: 'The changes; null clears startsAt or endsAt' },
    response: { status: 200, schema: grantSchema, description: 'The updated grant' },
    errors: [404, ...BODY_ERRORS, ...PROVIDER_ERRORS],
    async handle(grantkit, input) {
      return ok(200, await grantkit.update(idOf(input), input.body as GrantUpdateInput));
    },
  },
  {
    id: 'revokeGrant',
    method: 'POST',
    path: '/grants/:id/revoke',
    action: 'revoke',
    summary: 'Take access away (revoking a revoked or expired grant changes nothing)',
    body: { schema: revokeGrantSchema, required: false, description: 'Why, and for Atomicwork whether to run full deprovisioning' },
    response: { status: 200, schema: grantSchema, description: 'The revoked grant (status revoking while the provider deprovisions)' },
    errors: [404, ...BODY_ERRORS, ...PROVIDER_ERRORS],
    async handle(grantkit, input) {
      return ok(200, await grantkit.revoke(idOf(input), (input.body ?? {}) as RevokeOptionsInput));
    },
  },
  {
    id: 'revokePerson',
    method: 'POST',
    path: '/people/:personId/revoke',
    action: 'revoke',
    summary: "Revoke every grant of one person (the app's own personId) at every provider; safe to repeat",
    body: { schema: revokeGrantSchema, required: false, description: 'Why, who asks, and for Atomicwork whether to run full deprovisioning' },
    response: {
      status: 200,
      schema: revokeAllReportSchema,
      description: 'Grant by grant: revoked, kept (another grant still claims the access), ended before, or failed with its error (retried by the sweep)',
    },
    errors: [...BODY_ERRORS],
    async handle(grantkit, input) {
      const report = await grantkit.revokeAll({ personId: String(input.params.personId) }, input.body ?? {});
      return ok(200, { personId: report.personId, grants: report.grants.map(entryJson) });
    },
  },
  {
    id: 'listProviders',
    method: 'GET',
    path: '/providers',
    action: 'read',
    summary: 'The configured providers and what each can do',
    response: { status: 200, schema: providerListSchema, description: 'The providers' },
    errors: [],
    async handle(grantkit) {
      return ok(200, { items: grantkit.capabilities() });
    },
  },
  {
    id: 'getOpenApiDocument',
    method: 'GET',
    path: '/openapi.json',
    action: 'read',
    summary: 'This API as an OpenAPI 3.1 document',
    response: { status: 200, schema: openApiDocumentSchema, description: 'The OpenAPI document' },
    errors: [],
    async handle(_grantkit, input) {
      return ok(200, createOpenApiDocument({ routes: GRANTS_ROUTES, serverUrl: input.baseUrl || undefined }));
    },
  },
];
