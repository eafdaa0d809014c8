/**
 * The clients of the real providers, built from the environment before anything else happens (no
 * port bound, no file touched). The clients validate their options themselves when constructed
 * (core's one home for what a valid tenant, issuer or key is); a refusal becomes an
 * AppConfigError that names the environment variable the option came from.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '@grantkit/core';
import { AtomicworkClient } from '@grantkit/core/atomicwork';
import { SeamClient } from '@grantkit/core/seam';
import { ZitadelClient } from '@grantkit/core/zitadel';
import { verifySeamWebhook } from '@grantkit/seam';
import { AppConfigError, type AppConfig } from './config.js';

export interface RealProviders {
  atomicwork?: AtomicworkClient;
  zitadel?: ZitadelClient;
  seam?: { client: SeamClient; webhookSecret: string };
  /** Every credential read from the environment, for the logger to mask. */
  secrets: string[];
}

/** The variable each client option is read from. */
const ATOMICWORK_VARS = { tenant: 'ATOMICWORK_TENANT', apiKey: 'ATOMICWORK_API_KEY', workspaceId: 'ATOMICWORK_WORKSPACE_ID' };
const ZITADEL_VARS = { issuer: 'ZITADEL_ISSUER', orgId: 'ZITADEL_ORG_ID', personalAccessToken: 'ZITADEL_PAT', serviceAccountKey: 'ZITADEL_KEY_FILE' };
const SEAM_VARS = { apiKey: 'SEAM_API_KEY' };

export async function connectRealProviders(config: AppConfig): Promise<RealProviders> {
  const out: RealProviders = { secrets: [] };
  if (config.atomicwork.mode === 'real') {
    const { tenant, apiKey, workspaceId } = config.atomicwork;
    out.secrets.push(apiKey!);
    out.atomicwork = construct(ATOMICWORK_VARS, () => new AtomicworkClient({ tenant, apiKey: apiKey!, ...(workspaceId ? { workspaceId } : {}) }));
  }
  if (config.zitadel.mode === 'real') {
    const { issuer, orgId, personalAccessToken, keyFile } = config.zitadel;
    const serviceAccountKey = keyFile ? await readKeyFile(keyFile) : undefined;
    if (personalAccessToken) out.secrets.push(personalAccessToken);
    if (serviceAccountKey) out.secrets.push(...keyFileSecrets(serviceAccountKey));
    out.zitadel = construct(ZITADEL_VARS, () => new ZitadelClient({ issuer: issuer!, ...(orgId ? { orgId } : {}), ...(personalAccessToken ? { personalAccessToken } : { serviceAccountKey }) }));
  }
  if (config.seam.mode === 'real') {
    const { apiKey, webhookSecret } = config.seam;
    out.secrets.push(apiKey!, webhookSecret!);
    const client = construct(SEAM_VARS, () => new SeamClient({ apiKey: apiKey! }));
    checkWebhookSecret(webhookSecret!);
    out.seam = { client, webhookSecret: webhookSecret! };
  }
  return out;
}

/** Builds a client; its ConfigError becomes an AppConfigError naming the variable at fault. */
function construct<T>(vars: Record<string, string>, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new AppConfigError([`${variableNamed(error.message, vars)}: ${error.message}`]);
  }
}

/**
 * The clients' messages name the option they refuse ("AtomicworkClient tenant must be ...",
 * "issuer must be ..."); the first option a message names is the one at fault.
 */
function variableNamed(message: string, vars: Record<string, string>): string {
  let found: { at: number; variable: string } | undefined;
  for (const [option, variable] of Object.entries(vars)) {
    const at = message.search(new RegExp(`\\b${option}\\b`));
    if (at >= 0 && (found === undefined || at < found.at)) found = { at, variable };
  }
  return found?.variable ?? Object.values(vars).join(' / ');
}

/**
 * The secret's shape is @grantkit/seam's rule, applied when a webhook is verified; verifying an
 * empty delivery here runs it at start (any other refusal means the secret itself is fine).
 */
function checkWebhookSecret(secret: string): void {
  try {
    verifySeamWebhook('{}', {}, secret);
  } catch (error) {
    if (error instanceof ConfigError) throw new AppConfigError([`SEAM_WEBHOOK_SECRET: ${error.message}`]);
  }
}

async function readKeyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    // The path is not a secret; the file's content is.
    throw new AppConfigError([`ZITADEL_KEY_FILE: cannot read "${path.slice(0, 200)}"; give the path of the service user's JSON key file.`]);
  }
}

function keyFileSecrets(text: string): string[] {
  try {
    const key = (JSON.parse(text) as { key?: unknown }).key;
    return typeof key === 'string' ? [text, key] : [text];
  } catch {
    return [text];
  }
}
