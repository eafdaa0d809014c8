/**
 * The example app: NestJS on Express, Grantkit from the environment, the @grantkit/express grants
 * router under /api behind a bearer token. With no provider credentials it runs on the embedded
 * fakes from @grantkit/testing.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import { grantsRouter } from '@grantkit/express';
import { Grantkit, isGrantkitError } from '@grantkit/nestjs';
import { AppRuntime } from './app-runtime.js';
import { AppModule } from './app.module.js';
import { bearerAuth, type ApiPrincipal } from './auth.js';
import { bannerText } from './banner.js';
import { bodyParserProblems } from './http-problem.filter.js';
import { AppConfigError, readConfig, type AppConfig } from './config.js';
import { consoleLogger } from './logger.js';
import { startProviders, type ProviderRuntime } from './runtime.js';

const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Paths under /api that authenticate by signature instead of the API token. */
const SIGNED_PATHS = ['/webhooks/seam'];

async function main(): Promise<void> {
  // apps/example/.env, if present; variables already in the environment win.
  const envFile = join(APP_DIR, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const config = readConfig(process.env, APP_DIR);

  // The Seam fake needs the app's webhook URL before the app listens, so the port is fixed first.
  const port = config.port === 0 ? await freePort(config.host) : config.port;
  const urlHost = config.host === '::1' || config.host === '::' ? '[::1]' : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const baseUrl = `http://${urlHost}:${port}`;

  const providers = await startProviders(config, `${baseUrl}/api/webhooks/seam`);
  let app: NestExpressApplication | undefined;
  try {
    const allFake = Object.values(providers.modes).every((m) => m === 'fake');
    const apiToken = config.apiToken ?? `gk_demo_${randomBytes(24).toString('hex')}`;
    const dbPath = await prepareStore(config, allFake);
    const logger = consoleLogger(allFake ? providers.secrets : [...providers.secrets, apiToken]);
    const runtime = new AppRuntime(config, providers, apiToken, dbPath, logger);

    app = await NestFactory.create<NestExpressApplication>(AppModule.register(runtime), {
      // Our own JSON parser (below) replaces Nest's, so that its errors are problem+json too.
      bodyParser: false,
      logger: ['error', 'warn'],
    });
    app.disable('x-powered-by');
    const grantkit = app.get(Grantkit);
    // Registered before Nest's own routes and body parsers (those come with listen()), so the
    // token check guards every /api route and the grants router reads the bodies itself.
    app.use('/api', bearerAuth(apiToken, SIGNED_PATHS));
    app.use(
      '/api',
      grantsRouter(grantkit, {
        authenticate: (req) => (req.res?.locals.principal as ApiPrincipal | undefined) ?? null,
        authorize: (_req, _action, context) => context.principal !== undefined && context.principal !== null,
        onError: (error, route) => logger.error({ route: route.id, error: describeError(error) }, 'grants request failed'),
      }),
    );
    // Nest's own routes (stays, the Seam webhook) get JSON bodies from here; the webhook route
    // verifies the signature over the exact bytes received, kept as req.rawBody.
    app.use(
      express.json({
        limit: '100kb',
        verify: (req, _res, buf) => {
          (req as { rawBody?: Buffer }).rawBody = buf;
        },
      }),
    );
    app.use(bodyParserProblems);
    await app.listen(port, config.host);
    console.log(bannerText(baseUrl, runtime));
    handleSignals(app, providers);
  } catch (error) {
    await app?.close().catch(() => undefined);
    await providers.close();
    throw error;
  }
}

/** In the all-fake demo the store starts empty: grants of an earlier run point at fakes that are gone. */
async function prepareStore(config: AppConfig, allFake: boolean): Promise<string> {
  await mkdir(config.dataDir, { recursive: true });
  const path = join(config.dataDir, allFake ? 'grantkit-demo.db' : 'grantkit.db');
  if (allFake) await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(path + suffix, { force: true })));
  return path;
}

/**
 * SIGTERM/SIGINT: app.close() stops the scheduler (waiting for a sweep in progress), closes the
 * HTTP server once requests in flight have finished, then closes the provider clients and the
 * store; the fakes go last. A second signal, or 10 s, forces the exit.
 */
function handleSignals(app: NestExpressApplication, providers: ProviderRuntime): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) {
      console.log(`${signal} again: exiting now.`);
      process.exit(1);
    }
    closing = true;
    console.log(`${signal} received: finishing requests in flight, stopping the scheduler, closing the store...`);
    setTimeout(() => {
      console.error('Shutdown took longer than 10 s; exiting.');
      process.exit(1);
    }, 10_000).unref();
    app
      .close()
      .then(() => providers.close())
      .then(
        () => {
          console.log('Stopped.');
          process.exit(0);
        },
        (error: unknown) => {
          console.error(`Shutdown failed: ${describeError(error)}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

async function freePort(host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Name and message only: typed errors are already redacted; a stack could carry request data. */
function describeError(error: unknown): string {
  if (isGrantkitError(error)) return `${error.name} (${error.code}): ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

main().catch((error: unknown) => {
  if (error instanceof AppConfigError) {
    console.error(error.message);
  } else if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    console.error('The port is already in use: stop the other process or set PORT (e.g. PORT=3001 pnpm start).');
  } else {
    console.error(`The example app failed to start: ${describeError(error)}`);
  }
  process.exit(1);
});
