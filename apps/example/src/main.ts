/**
 * The example app: NestJS on Express, Grantkit from the environment, the @grantkit/express grants
 * router under /api behind a bearer token. With no provider credentials it runs on the embedded
 * fakes from @grantkit/testing.
 *
 * Start-up order matters: settings and real provider clients are checked first (nothing happens
 * on bad ones), then the port is bound (a second instance stops there), and only then are the
 * fakes started and the demo store emptied.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { grantsRouter } from '@grantkit/express';
import { DEFAULT_BODY_LIMIT } from '@grantkit/core';
import { Grantkit } from '@grantkit/nestjs';
import { listenApi } from './api-server.js';
import { AppRuntime } from './app-runtime.js';
import { AppModule } from './app.module.js';
import { bearerAuth, type ApiPrincipal } from './auth.js';
import { bannerText } from './banner.js';
import { AppConfigError, readConfig } from './config.js';
import { jsonBodies } from './json-body.js';
import { consoleLogger, describeError } from './logger.js';
import { connectRealProviders } from './provider-clients.js';
import { startProviders } from './runtime.js';
import { onStopSignal } from './shutdown.js';
import { openStore, type StoreFile } from './store-file.js';

const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Paths under /api that authenticate by signature instead of the API token. */
const SIGNED_PATHS = ['/webhooks/seam'];
/** How long a shutdown waits for requests in flight before it cuts them. */
const DRAIN_TIMEOUT_MS = 5_000;

async function main(): Promise<void> {
  const stop = onStopSignal();
  // apps/example/.env, if present; variables already in the environment win.
  const envFile = join(APP_DIR, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const config = readConfig(process.env, APP_DIR);
  const real = await connectRealProviders(config);
  const server = await listenApi(config);

  const providers = await startProviders(config, real, `${server.url}/api/webhooks/seam`);
  let app: NestExpressApplication | undefined;
  let store: StoreFile | undefined;
  try {
    const allFake = Object.values(providers.modes).every((m) => m === 'fake');
    const apiToken = config.apiToken ?? `gk_demo_${randomBytes(24).toString('hex')}`;
    store = await openStore(config.dataDir, allFake);
    const logger = consoleLogger(allFake ? providers.secrets : [...providers.secrets, apiToken]);
    const runtime = new AppRuntime(config, providers, apiToken, store, logger);

    app = await NestFactory.create<NestExpressApplication>(AppModule.register(runtime), {
      // The app's own JSON parser (below) replaces Nest's: one set of body rules for every route.
      bodyParser: false,
      logger: ['error', 'warn'],
      // A failure during start-up reaches the catch below (one clean line) instead of aborting.
      abortOnError: false,
    });
    app.disable('x-powered-by');
    const grantkit = app.get(Grantkit);
    // Registered before Nest's own routes (those come with init()), so the token check guards
    // every /api route and the grants router reads its bodies itself.
    app.use('/api', bearerAuth(apiToken, SIGNED_PATHS));
    app.use(
      '/api',
      grantsRouter(grantkit, {
        authenticate: (req) => (req.res?.locals.principal as ApiPrincipal | undefined) ?? null,
        authorize: (_req, _action, context) => context.principal !== undefined && context.principal !== null,
        onError: (error, route) => logger.error({ route: route.id, error: describeError(error) }, 'grants request failed'),
      }),
    );
    // Nest's own routes (stays, the Seam webhook) get their bodies here, under the same rules.
    app.use(jsonBodies(DEFAULT_BODY_LIMIT));
    await app.init();
    server.serve(app.getHttpAdapter().getInstance());
    console.log(bannerText(server.url, runtime));
  } catch (error) {
    // app.close() closes the store through the Grantkit; without an app, close it here.
    await (app ? app.close() : store?.store.close())?.catch(() => undefined);
    await providers.close();
    throw error;
  }
  const running = app;
  stop.whenReceived(async () => {
    const cut = await server.drain(DRAIN_TIMEOUT_MS);
    if (cut > 0) console.error(`${cut} request(s) still running after ${DRAIN_TIMEOUT_MS / 1000} s were cut.`);
    await running.close();
    await providers.close();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof AppConfigError ? error.message : `The example app failed to start: ${describeError(error)}`);
  process.exit(1);
});
