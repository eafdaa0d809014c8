/**
 * The three provider clients the app runs on: the real ones built from the environment
 * (provider-clients.ts), and for every other provider an embedded fake from @grantkit/testing on
 * loopback with its demo seed and a client pointed at it. The result carries what the rest of the
 * app needs (the clients, which are fake, the secrets to mask in logs) and closes it all on
 * shutdown.
 */
import { AtomicworkClient } from '@grantkit/core/atomicwork';
import { SeamClient } from '@grantkit/core/seam';
import { ZitadelClient } from '@grantkit/core/zitadel';
import { startAtomicworkFake, startSeamFake, startZitadelFake } from '@grantkit/testing';
import type { AppConfig, ProviderMode } from './config.js';
import type { RealProviders } from './provider-clients.js';

export interface ProviderRuntime {
  atomicwork: AtomicworkClient;
  zitadel: ZitadelClient;
  seam: SeamClient;
  /** The secret Seam webhooks are signed with (the fake's own in fake mode). */
  seamWebhookSecret: string;
  modes: { atomicwork: ProviderMode; zitadel: ProviderMode; seam: ProviderMode };
  /** Loopback URLs of the fakes that run, by provider. */
  fakeUrls: Partial<Record<'atomicwork' | 'zitadel' | 'seam', string>>;
  /** Every credential in play, for the logger to mask. */
  secrets: string[];
  /** Closes the clients (again, if the Grantkit already did: that is a no-op) and the fakes. */
  close(): Promise<void>;
}

/**
 * How long the demo's fake locks take to issue a PIN. Real ones take seconds; a noticeable moment
 * lets a stay be seen `pending` and then `active` (by webhook), and `?waitMs=` wait for the code.
 */
const DEMO_ISSUE_DELAY_MS = 300;

/** `webhookUrl`: where the Seam fake delivers its events (the app's own /api/webhooks/seam). */
export async function startProviders(config: AppConfig, real: RealProviders, webhookUrl: string): Promise<ProviderRuntime> {
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    await Promise.allSettled(closers.splice(0).map((fn) => fn()));
  };
  try {
    const secrets = [...real.secrets];
    const fakeUrls: ProviderRuntime['fakeUrls'] = {};

    let atomicwork = real.atomicwork;
    if (!atomicwork) {
      const fake = await startAtomicworkFake();
      closers.push(() => fake.close());
      fakeUrls.atomicwork = fake.url;
      atomicwork = new AtomicworkClient({ baseUrl: fake.url, apiKey: fake.apiKey, workspaceId: fake.workspaceId });
      secrets.push(fake.apiKey);
    }

    let zitadel = real.zitadel;
    if (!zitadel) {
      const fake = await startZitadelFake();
      closers.push(() => fake.close());
      fakeUrls.zitadel = fake.url;
      zitadel = new ZitadelClient({ issuer: fake.url, orgId: fake.orgId, personalAccessToken: fake.pat });
      secrets.push(fake.pat);
    }

    let seam = real.seam;
    if (!seam) {
      const fake = await startSeamFake({ webhook: { url: webhookUrl }, issueDelayMs: DEMO_ISSUE_DELAY_MS });
      closers.push(() => fake.close());
      fakeUrls.seam = fake.url;
      seam = { client: new SeamClient({ apiKey: fake.apiKey, endpoint: fake.url }), webhookSecret: fake.webhookSecret };
      secrets.push(fake.apiKey, fake.webhookSecret);
    }

    // Closing a client only closes its connection pool, with or without its server up.
    for (const client of [atomicwork, zitadel, seam.client]) closers.push(() => client.close());
    return {
      atomicwork,
      zitadel,
      seam: seam.client,
      seamWebhookSecret: seam.webhookSecret,
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
