/**
 * Turns what a user passes as `providers.<name>` (an adapter, a client instance, or the client's
 * config) into a ProviderAdapter. This is the only place that knows every provider module.
 */
import { ConfigError, type ProviderName } from '../errors.js';
import { ZitadelAdapter } from '../providers/zitadel/adapter.js';
import { ZitadelClient } from '../providers/zitadel/client.js';
import type { ZitadelClientConfig } from '../providers/zitadel/config.js';
import type { ProviderAdapter } from './adapter.js';

export interface ProvidersOption {
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
    case 'zitadel':
      return new ZitadelAdapter(value instanceof ZitadelClient ? value : new ZitadelClient(value as ZitadelClientConfig));
    default:
      throw new ConfigError(`providers.${name}: this build has no ${name} client; pass a ProviderAdapter.`);
  }
}

function isAdapter(value: unknown): value is ProviderAdapter {
  const v = value as Partial<ProviderAdapter> | null;
  return !!v && typeof v === 'object' && typeof v.create === 'function' && typeof v.revoke === 'function' && typeof v.capabilities === 'object';
}
