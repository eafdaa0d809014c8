/**
 * Turns the configuration into running providers: a real provider gets its client config from the
 * environment; a fake one is started from @grantkit/testing on loopback with its demo seed. The
 * result carries what the rest of the app needs (provider configs, which are fake, the secrets to
 * mask in logs) and closes the fakes on shutdown.
 */
import { readFile } from 'node:fs/promises';
import type { AtomicworkClientConfig } from '@grantkit/core/atomicwork';
import type { SeamClientConfig } from '@grantkit/core/seam';
import type { ZitadelClientConfig } from '@grantkit/core/zitadel';
import { startAtomicworkFake, startSeamFake, startZitadelFake } from '@grantkit/testing';
import type { AppConfig, ProviderMode } from './config.js';

export interface ProviderRuntime {
  atomicwork: AtomicworkClientConfig;
  zitadel: ZitadelClientConfig;
  seam: SeamClientConfig;
  /** The secret Seam webhooks are signed with (the fake's own in fake mode). */
  seamWebhookSecret: string;
  modes: { atomicwork: ProviderMode; zitadel: ProviderMode; seam: ProviderMode };
  /** Loopback URLs of the fakes that run, by provider. */
  fakeUrls: Partial<Record<'atomicwork' | 'zitadel' | 'seam', string>>;
  /** Every credential in play, for the logger to mask. */
  secrets: string[];
  close(): Promise<void>;
}

/** `webhookUrl`: where the Seam fake delivers its events (the app's own /api/webhooks/seam). */
export async function startProviders(config: AppConfig, webhookUrl: string): Promise<ProviderRuntime> {
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    await Promise.allSettled(closers.splice(0).map((fn) => fn()));
  };
  try {
    const secrets: string[] = [];
    const fakeUrls: ProviderRuntime['fakeUrls'] = {};

    let atomicwork: AtomicworkClientConfig;
    if (config.atomicwork.mode === 'real') {
      const { tenant, apiKey, workspaceId } = config.atomicwork;
      atomicwork = { tenant, apiKey: apiKey!, ...(workspaceId ? { workspaceId } : {}) };
    } else {
      const fake = await startAtomicworkFake();
      closers.push(() => fake.close());
      fakeUrls.atomicwork = fake.url;
      atomicwork = { baseUrl: fake.url, apiKey: fake.apiKey, workspaceId: fake.workspaceId };
    }
    secrets.push(atomicwork.apiKey);

    let zitadel: ZitadelClientConfig;
    if (config.zitadel.mode === 'real') {
      const { issuer, orgId, personalAccessToken, keyFile } = config.zitadel;
      const serviceAccountKey = keyFile ? await readKeyFile(keyFile) : undefined;
      zitadel = { issuer: issuer!, ...(orgId ? { orgId } : {}), ...(personalAccessToken ? { personalAccessToken } : { serviceAccountKey }) };
      if (personalAccessToken) secrets.push(personalAccessToken);
      if (serviceAccountKey) secrets.push(...keyFileSecrets(serviceAccountKey));
    } else {
      const fake = await startZitadelFake();
      closers.push(() => fake.close());
      fakeUrls.zitadel = fake.url;
      zitadel = { issuer: fake.url, orgId: fake.orgId, personalAccessToken: fake.pat };
      secrets.push(fake.pat);
    }

    let seam: SeamClientConfig;
    let seamWebhookSecret: string;
    if (config.seam.mode === 'real') {
      seam = { apiKey: config.seam.apiKey! };
      seamWebhookSecret = config.seam.webhookSecret!;
    } else {
      const fake = await startSeamFake({ webhook: { url: webhookUrl } });
      closers.push(() => fake.close());
      fakeUrls.seam = fake.url;
      seam = { apiKey: fake.apiKey, endpoint: fake.url };
      seamWebhookSecret = fake.webhookSecret;
    }
    secrets.push(seam.apiKey!, seamWebhookSecret);

    return {
      atomicwork,
      zitadel,
      seam,
      seamWebhookSecret,
      modes: { atomicwork: config.atomicwork.mode, zitadel: config.zitadel.mode, seam: config.seam.mode },
      fakeUrls,
      secrets,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function readKeyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    // The path is not a secret; the file's content is.
    throw new Error(`ZITADEL_KEY_FILE: cannot read "${path}"; give the path of the service user's JSON key file.`);
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
