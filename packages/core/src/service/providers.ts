/**
 * Turns what a user passes as `providers.<name>` (an adapter, a client instance, or the client's
 * config) into a ProviderAdapter. This is the only place that knows every provider module.
 */
import { ConfigError, type ProviderName } from '../errors.js';
import { AtomicworkAdapter } from '../providers/atomicwork/adapter.js';
import { AtomicworkClient } from '../providers/atomicwork/client.js';
import type { AtomicworkClientConfig } from '../providers/atomicwork/config.js';
import { SeamAdapter } from '../providers/seam/adapter.js';
import { SeamClient } from '../providers/seam/client.js';
import type { SeamClientConfig } from '../providers/seam/config.js';
import { ZitadelAdapter } from '../providers/zitadel/adapter.js';
import { ZitadelClient } from '../providers/zitadel/client.js';
import type { ZitadelClientConfig } from '../providers/zitadel/config.js';
import type { ProviderAdapter } from './adapter.js';

export interface ProvidersOption {
  /** An AtomicworkClient, its config (`{ tenant, apiKey, workspaceId }`), or an adapter. */
  atomicwork?: AtomicworkClient | AtomicworkClientConfig | ProviderAdapter | undefined;
  /** A SeamClient, its config (`{ apiKey }` or `{ personalAccessToken, workspaceId }`), or an adapter. */
  seam?: SeamClient | SeamClientConfig | ProviderAdapter | undefined;
  /** A ZitadelClient, its config (`{ issuer, orgId, personalAccessToken | serviceAccountKey }`), or an adapter. */
  zitadel?: ZitadelClient | ZitadelClientConfig | ProviderAdapter | undefined;
}

export function toAdapter(name: ProviderName, value: unknown): ProviderAdapter {
  if (isAdapter(value)) {
    if (value.name !== name) throw new ConfigError(`providers.${name} is an adapter for "${value.name}".`);
    return value;
  }
  if (!value || typeof value !== 'object') throw new ConfigError(`providers.${name} must be a ${name} client, its config, or a ProviderAdapter.`);
  switch (name) {
    case 'atomicwork':
      return new AtomicworkAdapter(value instanceof AtomicworkClient ? value : new AtomicworkClient(value as AtomicworkClientConfig));
    case 'seam':
      return new SeamAdapter(value instanceof SeamClient ? value : new SeamClient(value as SeamClientConfig));
    case 'zitadel':
      return new ZitadelAdapter(value instanceof ZitadelClient ? value : new ZitadelClient(value as ZitadelClientConfig));
  }
}

function isAdapter(value: unknown): value is ProviderAdapter {
  const v = value as Partial<ProviderAdapter> | null;
  return !!v && typeof v === 'object' && typeof v.create === 'function' && typeof v.revoke === 'function' && typeof v.capabilities === 'object';
}
