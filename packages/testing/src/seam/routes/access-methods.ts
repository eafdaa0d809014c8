/** /access_methods/*, /action_attempts/get and /events/list in the fake (providers.md §3.1, §3.2). */
import type { RouteContext, Route } from '../context.js';
import { notFound } from '../errors.js';
import { accessMethodWire, actionAttemptWire } from '../serialize.js';
import type { AccessMethodRecord } from '../state.js';

function list(ctx: RouteContext) {
  const p = ctx.params;
  const f = {
    grant: p.id('access_grant_id'),
    key: p.string('access_grant_key', { min: 1 }),
    device: p.id('device_id'),
    entrance: p.id('acs_entrance_id'),
    space: p.id('space_id'),
    code: p.id('access_code_id'),
  };
  p.check();
  const s = ctx.state;
  const methods = [...s.accessMethods.values()].filter((m) => {
    const grant = s.accessGrants.get(m.access_grant_id);
    if (!grant || m.workspace_id !== ctx.workspaceId) return false;
    return (
      (f.grant === undefined || grant.access_grant_id === f.grant) &&
      (f.key === undefined || grant.access_grant_key === f.key) &&
      (f.device === undefined || s.devicesOf(grant).some((d) => d.device_id === f.device)) &&
      (f.entrance === undefined || s.entrancesOf(grant).some((e) => e.acs_entrance_id === f.entrance)) &&
      (f.space === undefined || grant.space_ids.includes(f.space)) &&
      f.code === undefined
    );
  });
  // Seam does not paginate this list (providers.md §3.1).
  return { access_methods: methods.map(accessMethodWire) };
}

function findMethod(ctx: RouteContext): AccessMethodRecord {
  const id = ctx.params.id('access_method_id', { required: true });
  ctx.params.check();
  const method = ctx.state.accessMethods.get(id as string);
  if (!method || method.workspace_id !== ctx.workspaceId) throw notFound('Access method');
  return method;
}

function remove(ctx: RouteContext) {
  const p = ctx.params;
  const methodId = p.id('access_method_id');
  const grantId = p.id('access_grant_id');
  const reservationKey = p.string('reservation_key');
  if (['access_method_id', 'access_grant_id', 'reservation_key'].filter((name) => p.has(name)).length !== 1) {
    p.fail('access_method_id', 'Provide exactly one of access_method_id, access_grant_id or reservation_key');
  }
  p.check();
  const s = ctx.state;
  const targets = [...s.accessMethods.values()].filter((m) => {
    const grant = s.accessGrants.get(m.access_grant_id);
    return (
      m.workspace_id === ctx.workspaceId &&
      (methodId === undefined || m.access_method_id === methodId) &&
      (grantId === undefined || m.access_grant_id === grantId) &&
      (reservationKey === undefined || grant?.reservation_key === reservationKey)
    );
  });
  if (targets.length === 0) throw notFound('Access method');
  for (const m of targets) {
    const grant = s.accessGrants.get(m.access_grant_id);
    if (grant) ctx.lifecycle.removeMethod(grant, m);
    else s.accessMethods.delete(m.access_method_id);
  }
  return {};
}

function getActionAttempt(ctx: RouteContext) {
  const id = ctx.params.id('action_attempt_id', { required: true });
  ctx.params.check();
  const attempt = ctx.state.actionAttempts.get(id as string);
  if (!attempt || attempt.workspace_id !== ctx.workspaceId) throw notFound('Action attempt');
  return { action_attempt: actionAttemptWire(attempt) };
}

function listEvents(ctx: RouteContext) {
  const p = ctx.params;
  const f = { grant: p.id('access_grant_id'), method: p.id('access_method_id'), type: p.string('event_type'), types: p.strings('event_types'), since: p.string('since') };
  p.number('limit', { min: 1 });
  p.check();
  const events = ctx.state.events.filter(
    (e) =>
      e.workspace_id === ctx.workspaceId &&
      (f.grant === undefined || e.access_grant_id === f.grant || (Array.isArray(e.access_grant_ids) && e.access_grant_ids.includes(f.grant))) &&
      (f.method === undefined || e.access_method_id === f.method) &&
      (f.type === undefined || e.event_type === f.type) &&
      (f.types === undefined || f.types.includes(e.event_type)) &&
      (!f.since || e.occurred_at >= f.since),
  );
  const limit = (p.number('limit') ?? 500) | 0;
  return { events: events.slice(-limit).map((e) => ({ ...e })) };
}

export const accessMethodRoutes: Record<string, Route> = {
  '/access_methods/list': { methods: ['GET'], handler: list },
  '/access_methods/get': { methods: ['GET'], handler: (ctx) => ({ access_method: accessMethodWire(findMethod(ctx)) }) },
  '/access_methods/delete': { methods: ['DELETE'], handler: remove },
  '/action_attempts/get': { methods: ['GET'], handler: getActionAttempt },
  '/events/list': { methods: ['GET'], handler: listEvents },
};
