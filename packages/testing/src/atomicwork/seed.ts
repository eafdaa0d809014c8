/**
 * Demo data the Atomicwork fake starts with. The ids are fixed so an example app or a test can
 * name them; two of them lie above 2^53 so int64 exactness is exercised whatever the options.
 */
import type { FakeApp, FakeEntitlement, FakeGrant, FakePolicy, FakeUser } from './types.js';

/** Ids of the demo seed (decimal strings: Atomicwork ids are int64). */
export const ATOMICWORK_SEED_IDS = {
  workspaceId: '77',
  users: {
    /** The API key's owner; `granted_by` / `event_by` default to it. */
    automation: '1000',
    ada: '1001',
    grace: '1002',
    alan: '1003',
    /** 2^53 + 1: rounds to 2^53 if anything on the way parses it as a double. */
    bigId: '9007199254740993',
  },
  apps: { github: '2001', salesforce: '2002', slack: '2003' },
  entitlements: {
    githubEngineering: '3001',
    githubAdmins: '3002',
    salesforceUser: '3003',
    salesforceLicense: '3004',
    /** Unpublished: creating a grant for it is refused. */
    slackDraft: '3005',
    /** Full deprovisioning of this one ends FAILED. */
    slackWorkspace: '3006',
    /** 2^53 + 3. */
    githubBigId: '9007199254740995',
  },
  policies: { engineering: '4001', sales: '4002' },
} as const;

export const ATOMICWORK_SEED_POLICY_KEYS = {
  engineering: 'POLICY-ENGINEERING',
  sales: 'POLICY-SALES',
} as const;

export interface AtomicworkSeed {
  users: FakeUser[];
  apps: FakeApp[];
  entitlements: FakeEntitlement[];
  policies: FakePolicy[];
  /** Grants present at start (none by default). */
  grants: FakeGrant[];
  /** The user the API key belongs to (default `ATOMICWORK_SEED_IDS.users.automation`). */
  apiKeyOwnerId: string;
}

const ids = ATOMICWORK_SEED_IDS;

export function defaultAtomicworkSeed(): AtomicworkSeed {
  return {
    users: [
      { id: ids.users.automation, email: 'iga-automation@example.com', name: 'IGA Automation' },
      { id: ids.users.ada, email: 'ada@example.com', name: 'Ada Lovelace' },
      { id: ids.users.grace, email: 'grace@example.com', name: 'Grace Hopper' },
      { id: ids.users.alan, email: 'alan@example.com', name: 'Alan Turing' },
      { id: ids.users.bigId, email: 'big.id@example.com', name: 'Big Id' },
    ],
    apps: [
      { id: ids.apps.github, name: 'GitHub', description: 'Source code hosting', provider: 'OKTA' },
      { id: ids.apps.salesforce, name: 'Salesforce', description: 'CRM', provider: 'AZURE_AD' },
      { id: ids.apps.slack, name: 'Slack', description: 'Chat', provider: 'MANUAL' },
    ],
    entitlements: [
      ent(ids.entitlements.githubEngineering, ids.apps.github, 'engineering', 'GROUP', 'OKTA'),
      ent(ids.entitlements.githubAdmins, ids.apps.github, 'org-admins', 'ROLE', 'OKTA'),
      ent(ids.entitlements.salesforceUser, ids.apps.salesforce, 'Sales User', 'ROLE', 'AZURE_AD'),
      ent(ids.entitlements.salesforceLicense, ids.apps.salesforce, 'Sales Cloud License', 'LICENSE', 'AZURE_AD'),
      ent(ids.entitlements.slackDraft, ids.apps.slack, 'Slack Enterprise Grid', 'LICENSE', 'MANUAL', 'DRAFT'),
      { ...ent(ids.entitlements.slackWorkspace, ids.apps.slack, 'workspace-members', 'GROUP', 'MANUAL'), deprovisionOutcome: 'FAILED' },
      ent(ids.entitlements.githubBigId, ids.apps.github, 'big-id-team', 'GROUP', 'OKTA'),
    ],
    policies: [
      { id: ids.policies.engineering, key: ATOMICWORK_SEED_POLICY_KEYS.engineering, name: 'Engineering access', appId: ids.apps.github },
      { id: ids.policies.sales, key: ATOMICWORK_SEED_POLICY_KEYS.sales, name: 'Sales access', appId: ids.apps.salesforce },
    ],
    grants: [],
    apiKeyOwnerId: ids.users.automation,
  };
}

function ent(id: string, appId: string, name: string, type: string, provider: string, status = 'PUBLISHED'): FakeEntitlement {
  return { id, appId, name, description: `${name} (${type.toLowerCase()})`, type, status, provisioningProvider: provider };
}
