/**
 * What the client needs from an API version. `V1Api` (Management REST) and `V2Api` (Connect)
 * implement it; the client holds the logic both share (the 409 path, pagination, auth retry).
 */
import type { HttpRequest, HttpResponse } from '../../http/client.js';
import type { ZitadelGrant, ZitadelGrantState } from './grant.js';

export type Caller = <T = unknown>(req: HttpRequest) => Promise<HttpResponse<T>>;

export interface CreateParams {
  userId: string;
  projectId: string;
  projectGrantId?: string | undefined;
  organizationId?: string | undefined;
  roleKeys: string[];
}

export interface Ref {
  userId?: string | undefined;
  grantId: string;
  organizationId?: string | undefined;
}

export interface ListFilters {
  userId?: string | undefined;
  projectId?: string | undefined;
  roleKey?: string | undefined;
  state?: ZitadelGrantState | undefined;
  projectGrantId?: string | undefined;
  organizationId?: string | undefined;
}

export interface ListPage {
  items: ZitadelGrant[];
  /** Records the API returned (before any client-side filter), to advance the offset. */
  fetched: number;
  /** The API's total for the query, when it sent one. */
  total: number | undefined;
}

export interface GrantApi {
  readonly version: 'v1' | 'v2';
  /** Creates the grant; throws ConflictError when (user, project, project grant, org) already has one. */
  create(params: CreateParams): Promise<{ id: string; requestId: string | undefined; raw: unknown }>;
  /** The grant, or undefined when it does not exist. */
  get(ref: Ref, method: string): Promise<ZitadelGrant | undefined>;
  listPage(filters: ListFilters, offset: number, limit: number): Promise<ListPage>;
  /** Replaces the role keys; an unchanged set is a success. */
  update(ref: Ref, roleKeys: string[], method: string): Promise<void>;
  /** Activates or deactivates; already in that state is a success. */
  setActive(ref: Ref, active: boolean, method: string): Promise<void>;
  /** Removes; already gone is a success. */
  remove(ref: Ref, method: string): Promise<void>;
  bulkRemove(grantIds: string[]): Promise<void>;
}
