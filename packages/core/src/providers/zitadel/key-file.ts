/**
 * The JWT-profile key file of a ZITADEL service user (providers.md 2.7):
 * `{"type":"serviceaccount","keyId":"...","key":"-----BEGIN RSA PRIVATE KEY-----...","userId":"..."}`.
 * Errors here never quote the key: they name the field and the fix only.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { ConfigError } from '../../errors.js';
import { REDACTED, renderRedacted } from '../../http/redact.js';

export interface ZitadelServiceAccountKey {
  /** `serviceaccount` for a service user key (ZITADEL also issues `application` keys, which do not fit here). */
  type: string;
  keyId: string;
  /** PEM private key (PKCS#1 `RSA PRIVATE KEY` as ZITADEL issues it, or PKCS#8). */
  key: string;
  userId: string;
  /** Optional field present in downloaded files; unused. */
  expirationDate?: string;
}

/**
 * A parsed, checked key file. The PEM and the key object are #private: logging or cloning this
 * object (or a client holding it) shows `keyId` and `userId` only.
 */
export class ServiceAccountKey {
  readonly type = 'serviceaccount' as const;
  readonly keyId: string;
  readonly userId: string;
  readonly #pem: string;
  readonly #privateKey: KeyObject;

  constructor(fields: { keyId: string; userId: string; key: string }) {
    this.keyId = fields.keyId;
    this.userId = fields.userId;
    this.#pem = fields.key;
    this.#privateKey = privateKeyObject(fields.key); // fail at construction, not on the first call
    renderRedacted(this, 'ServiceAccountKey', (k) => ({ type: k.type, keyId: k.keyId, userId: k.userId, key: REDACTED }));
  }

  /** The RSA key that signs the JWT-profile assertion. */
  privateKey(): KeyObject {
    return this.#privateKey;
  }

  /** The PEM text, for registering with a Redactor (never log it). */
  pem(): string {
    return this.#pem;
  }
}

export function parseServiceAccountKey(input: unknown): ServiceAccountKey {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      throw new ConfigError('serviceAccountKey is a string but not JSON: pass the parsed key file object or the file text unchanged.');
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError('serviceAccountKey must be the key file JSON of a service user: { type, keyId, key, userId }.');
  }
  const record = value as Record<string, unknown>;
  for (const field of ['keyId', 'key', 'userId'] as const) {
    if (typeof record[field] !== 'string' || (record[field] as string).length === 0) {
      throw new ConfigError(`serviceAccountKey.${field} is missing: use the JSON file ZITADEL downloads for a service user key unchanged.`);
    }
  }
  if (record.type !== undefined && record.type !== 'serviceaccount') {
    throw new ConfigError(
      `serviceAccountKey.type is "${String(record.type).slice(0, 30)}"; only "serviceaccount" keys (Service Users > Keys) can call the APIs.`,
    );
  }
  return new ServiceAccountKey({ keyId: record.keyId as string, key: record.key as string, userId: record.userId as string });
}

function privateKeyObject(pem: string): KeyObject {
  let object: KeyObject;
  try {
    object = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    // The crypto error text can echo parts of the input: keep it out entirely.
    throw new ConfigError('serviceAccountKey.key is not a readable PEM private key: use the "key" field of the downloaded key file unchanged.');
  }
  if (object.asymmetricKeyType !== 'rsa') {
    throw new ConfigError('serviceAccountKey.key must be an RSA private key (ZITADEL signs service user keys with RS256).');
  }
  return object;
}
