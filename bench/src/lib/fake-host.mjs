// A fake provider in its own process, so the process under measurement has the CPU and the heap to
// itself. Started with fork(); talks over IPC: { id, cmd, ...args } -> { id, result | error }.
import { randomUUID } from 'node:crypto';
import { SEAM_FAKE_SEED, startAtomicworkFake, startSeamFake } from '@grantkit/testing';

const kind = process.argv[2];
const options = JSON.parse(process.argv[3] ?? '{}');

const fake = kind === 'seam' ? await startSeamFake({ issueDelayMs: 0 }) : await startAtomicworkFake();
if (options.rateLimit) fake.faults.rateLimit(options.rateLimit.rps, { retryAfterSeconds: options.rateLimit.retryAfterSeconds ?? 1 });

const commands = {
  /** Seam: `count` grants in the demo workspace, written straight into the state (no HTTP). */
  seedSeamGrants({ count }) {
    const at = new Date().toISOString();
    const ids = [];
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      fake.state.accessGrants.set(id, {
        access_grant_id: id,
        workspace_id: SEAM_FAKE_SEED.workspaceId,
        access_grant_key: `bench-${i}`,
        user_identity_id: SEAM_FAKE_SEED.userIdentity.id,
        space_ids: [SEAM_FAKE_SEED.spaces.unit101],
        requested_access_methods: [],
        access_method_ids: [],
        name: `Bench grant ${i}`,
        created_at: at,
        starts_at: at,
        ends_at: null,
        warnings: [],
        errors: [],
        pending_mutations: [],
      });
      if (i < 10) ids.push(id);
    }
    return { ids };
  },
  /** Atomicwork: users `first`..`first+count-1` (the seed has only a handful). */
  seedAtomicworkUsers({ first, count }) {
    for (let i = 0; i < count; i++) {
      const id = String(first + i);
      fake.state.users.set(id, { id, email: `user${id}@example.com`, name: `User ${id}` });
    }
    return { count };
  },
  /** Atomicwork: ACTIVE grants per user + entitlement, and how many pairs have more than one. */
  atomicworkGrantCounts() {
    const perPair = new Map();
    for (const g of fake.state.grants.values()) {
      if (g.status !== 'GRANTED' && g.status !== 'EXTENDED') continue;
      const key = `${g.userId}/${g.entitlementId}`;
      perPair.set(key, (perPair.get(key) ?? 0) + 1);
    }
    let duplicates = 0;
    for (const n of perPair.values()) if (n > 1) duplicates += n - 1;
    return { pairs: perPair.size, active: [...perPair.values()].reduce((a, b) => a + b, 0), duplicates };
  },
  /**
   * Atomicwork: when the fake created and revoked each grant of `entitlementId` (its own clock,
   * epoch ms), by user: `[userId, createdAt, revokedAt | null, grants for that user]`.
   */
  atomicworkTimes({ entitlementId }) {
    const revoked = new Map();
    for (const h of fake.state.history) if (h.eventType === 'REVOKED') revoked.set(h.grantId, Date.parse(h.eventAt));
    const byUser = new Map();
    for (const g of fake.state.grants.values()) {
      if (g.entitlementId !== entitlementId) continue;
      const row = byUser.get(g.userId);
      if (row) row[3]++;
      else byUser.set(g.userId, [g.userId, Date.parse(g.createdAt), revoked.get(g.id) ?? null, 1]);
    }
    return [...byUser.values()];
  },
  counters() {
    return { ...fake.faults.counters };
  },
  /** The Seam fake logs every request with its reply; a long run must not grow it without bound. */
  clearLog() {
    if (fake.requests) fake.requests.length = 0;
    if (fake.events) fake.events.length = 0;
    return {};
  },
  async close() {
    await fake.close();
    setImmediate(() => process.exit(0));
    return {};
  },
};

process.on('message', async (message) => {
  try {
    const result = await commands[message.cmd](message);
    process.send({ id: message.id, result });
  } catch (error) {
    process.send({ id: message.id, error: String(error?.stack ?? error) });
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ ready: { url: fake.url, apiKey: fake.apiKey, workspaceId: fake.workspaceId } });
