/**
 * A fetched access token (JWT profile) is redacted everywhere the PAT is: a provider that echoes
 * the bearer token into an error body, a token endpoint that echoes the signed assertion, and the
 * hook payloads never show it. Against a real loopback server that does the echoing.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, ProviderError, REDACTED, type RequestEvent } from '../../src/index.js';
import { ZitadelClient } from '../../src/providers/zitadel/index.js';
import { json, startServer } from '../helpers/server.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const keyFile = { type: 'serviceaccount', keyId: '300000000000000901', userId: '300000000000000401', key: pem };

async function echoingZitadel(options: { refuseAssertion?: boolean } = {}) {
  const tokens: string[] = [];
  const assertions: string[] = [];
  const server = await startServer((req, res) => {
    if (req.url === '/oauth/v2/token') {
      const assertion = new URLSearchParams(req.body).get('assertion') ?? '';
      assertions.push(assertion);
      if (options.refuseAssertion) return json(res, 400, { error: 'invalid_grant', error_description: `assertion ${assertion} is not valid` });
      const token = `at_${randomBytes(24).toString('base64url')}`;
      tokens.push(token);
      return json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
    }
    // An upstream that quotes the credential it got, in a gRPC-gateway error body.
    return json(res, 500, { code: 13, message: `internal error for ${String(req.headers.authorization)}`, details: [] });
  });
  cleanups.push(() => server.close());
  return { server, tokens, assertions };
}

function rendered(error: unknown): string {
  const e = error as Error;
  return [e.message, String(e), JSON.stringify(e), e.stack ?? '', inspect(e, { depth: 5 })].join('\n');
}

describe('ZITADEL access tokens are secrets like the PAT', () => {
  it('an error body that echoes the fetched access token shows [REDACTED], also in hooks and on retry', async () => {
    const { server, tokens } = await echoingZitadel();
    const events: RequestEvent[] = [];
    const client = new ZitadelClient({
      issuer: server.url,
      serviceAccountKey: keyFile,
      reliability: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 },
      hooks: { onRequest: (e) => events.push(e), onRetry: (e) => events.push(e) },
    });
    cleanups.push(() => client.close());
    const error = await client.getGrant({ userId: '300000000000000301', grantId: '300000000000000501' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(tokens).toHaveLength(1);
    const text = rendered(error);
    expect(text).toContain(`internal error for Bearer ${REDACTED}`);
    expect(text).not.toContain(tokens[0]);
    expect(JSON.stringify(events)).not.toContain(tokens[0]);
    expect(events.length).toBeGreaterThan(1);
  });

  it('a token endpoint that echoes the signed assertion shows [REDACTED]', async () => {
    const { server, assertions } = await echoingZitadel({ refuseAssertion: true });
    const client = new ZitadelClient({ issuer: server.url, serviceAccountKey: keyFile, reliability: { maxRetries: 0 } });
    cleanups.push(() => client.close());
    const error = await client.getGrant({ userId: '300000000000000301', grantId: '300000000000000501' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(assertions).toHaveLength(1);
    const text = rendered(error);
    expect(text).toContain(`assertion ${REDACTED} is not valid`);
    // Not even the JWT's signature part.
    expect(text).not.toContain(assertions[0]!.split('.')[2]);
  });
});
