/**
 * The app's configuration, read from the environment once at start. Each provider is real when its
 * credentials are set and an embedded fake otherwise, independently of the others. Every problem
 * is reported at once, with the variable to fix; no message ever contains a value.
 */
import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';

export type ProviderMode = 'real' | 'fake';

export interface AtomicworkSettings {
  mode: ProviderMode;
  tenant?: string;
  apiKey?: string;
  workspaceId?: string;
}

export interface ZitadelSettings {
  mode: ProviderMode;
  issuer?: string;
  orgId?: string;
  personalAccessToken?: string;
  /** Path of a service user's JSON key file. */
  keyFile?: string;
}

export interface SeamSettings {
  mode: ProviderMode;
  apiKey?: string;
  webhookSecret?: string;
}

export interface AppConfig {
  port: number;
  host: string;
  /** Undefined: generate one (fake mode only). */
  apiToken: string | undefined;
  dataDir: string;
  sweepIntervalMs: number;
  /** Longest a client may take to send a whole request (headers and body); slower ones get a 408. */
  requestTimeoutMs: number;
  atomicwork: AtomicworkSettings;
  zitadel: ZitadelSettings;
  seam: SeamSettings;
}

/**
 * A setting the app cannot start with. Its message is one line per problem, each naming the
 * variable to fix and never its value when that could be a secret.
 */
export class AppConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.map((p) => `Cannot start the example app: ${p} (see apps/example/.env.example)`).join('\n'));
    this.name = 'AppConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads the configuration; `appDir` is the app's folder (data/ lives there by default). */
export function readConfig(env: Env, appDir: string): AppConfig {
  const problems: string[] = [];
  // An empty value (as in a copied .env.example) means "not set".
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };

  const port = intVar(get('PORT'), 'PORT', 3000, 0, 65535, problems);
  const host = get('HOST') ?? '127.0.0.1';
  if (!isHost(host)) problems.push(`HOST must be an IP address (127.0.0.1, 0.0.0.0, ::1) or a host name; got "${host.slice(0, 40)}".`);
  const sweepIntervalMs = intVar(get('GRANTKIT_SWEEP_INTERVAL_MS'), 'GRANTKIT_SWEEP_INTERVAL_MS', 30_000, 100, 86_400_000, problems);
  const requestTimeoutMs = intVar(get('GRANTKIT_REQUEST_TIMEOUT_MS'), 'GRANTKIT_REQUEST_TIMEOUT_MS', 15_000, 1000, 300_000, problems);
  const dataDirValue = get('GRANTKIT_DATA_DIR');
  const dataDir = dataDirValue ? (isAbsolute(dataDirValue) ? dataDirValue : resolve(dataDirValue)) : resolve(appDir, 'data');

  const atomicwork = pick('Atomicwork', problems, {
    tenant: ['ATOMICWORK_TENANT', get('ATOMICWORK_TENANT')],
    apiKey: ['ATOMICWORK_API_KEY', get('ATOMICWORK_API_KEY')],
  });
  const workspaceId = get('ATOMICWORK_WORKSPACE_ID');
  if (workspaceId && atomicwork.mode === 'fake') problems.push('ATOMICWORK_WORKSPACE_ID is set but ATOMICWORK_TENANT and ATOMICWORK_API_KEY are not; set all of them, or none to use the fake.');

  const zitadelPat = get('ZITADEL_PAT');
  const zitadelKeyFile = get('ZITADEL_KEY_FILE');
  if (zitadelPat && zitadelKeyFile) problems.push('ZITADEL_PAT and ZITADEL_KEY_FILE are both set; keep one of them.');
  const zitadel = pick('ZITADEL', problems, {
    issuer: ['ZITADEL_ISSUER', get('ZITADEL_ISSUER')],
    credential: ['ZITADEL_PAT or ZITADEL_KEY_FILE', zitadelPat ?? zitadelKeyFile],
  });
  const zitadelOrgId = get('ZITADEL_ORG_ID');

  const seamKey = get('SEAM_API_KEY');
  const seamWebhookSecret = get('SEAM_WEBHOOK_SECRET');
  if (seamWebhookSecret && !seamKey) problems.push('SEAM_WEBHOOK_SECRET is set but SEAM_API_KEY is not; set both, or neither to use the fake.');
  if (seamKey && !seamWebhookSecret) problems.push('SEAM_API_KEY is set but SEAM_WEBHOOK_SECRET is not; copy the webhook secret ("whsec_...") from the Seam console (Webhooks).');

  const apiToken = get('GRANTKIT_API_TOKEN');
  const anyReal = atomicwork.mode === 'real' || zitadel.mode === 'real' || seamKey !== undefined;
  if (anyReal && !apiToken) problems.push('GRANTKIT_API_TOKEN is required when a real provider is configured (a random token is only generated for the all-fake demo). Generate one with: openssl rand -hex 32');
  if (apiToken && apiToken.length < 16) problems.push('GRANTKIT_API_TOKEN must be at least 16 characters long.');
  // It travels as "Authorization: Bearer <token>": a space or a non-ASCII character can never match.
  else if (apiToken && !/^[\x21-\x7e]+$/.test(apiToken)) problems.push('GRANTKIT_API_TOKEN must be printable ASCII without spaces (e.g. from: openssl rand -hex 32).');

  if (problems.length > 0) throw new AppConfigError(problems);
  return {
    port,
    host,
    apiToken,
    dataDir,
    sweepIntervalMs,
    requestTimeoutMs,
    atomicwork:
      atomicwork.mode === 'real'
        ? { mode: 'real', tenant: get('ATOMICWORK_TENANT'), apiKey: get('ATOMICWORK_API_KEY'), ...(workspaceId ? { workspaceId } : {}) }
        : { mode: 'fake' },
    zitadel:
      zitadel.mode === 'real'
        ? {
            mode: 'real',
            issuer: get('ZITADEL_ISSUER'),
            ...(zitadelOrgId ? { orgId: zitadelOrgId } : {}),
            ...(zitadelPat ? { personalAccessToken: zitadelPat } : { keyFile: zitadelKeyFile }),
          }
        : { mode: 'fake' },
    seam: seamKey ? { mode: 'real', apiKey: seamKey, webhookSecret: seamWebhookSecret } : { mode: 'fake' },
  };
}

/** All of a provider's required variables set: real; none: fake; some: a problem naming the missing ones. */
function pick(provider: string, problems: string[], vars: Record<string, [name: string, value: string | undefined]>): { mode: ProviderMode } {
  const entries = Object.values(vars);
  const set = entries.filter(([, value]) => value !== undefined);
  if (set.length === 0) return { mode: 'fake' };
  if (set.length === entries.length) return { mode: 'real' };
  const missing = entries.filter(([, value]) => value === undefined).map(([name]) => name);
  problems.push(`${provider}: ${set.map(([name]) => name).join(', ')} set but ${missing.join(', ')} missing; set all of them for the real ${provider}, or none to use the embedded fake.`);
  return { mode: 'fake' };
}

function intVar(value: string | undefined, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}; got "${value.slice(0, 20)}".`);
    return fallback;
  }
  return n;
}

/** An IP address, or a DNS name (labels of letters, digits and hyphens): what listen() can bind. */
function isHost(value: string): boolean {
  return isIP(value) !== 0 || /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(value);
}
