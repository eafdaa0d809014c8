/**
 * `startAtomicworkFake()`: the Atomicwork IGA fake as a real HTTP server on loopback, built on the
 * shared fake-server plumbing and fault injection.
 */
import { randomBytes } from 'node:crypto';
import { Faults, type ReceivedRequest, startFakeServer, type WaitOptions } from '../server/index.js';
import { createAtomicworkHandler } from './routes.js';
import { type AtomicworkSeed, ATOMICWORK_SEED_IDS, defaultAtomicworkSeed } from './seed.js';
import { AtomicworkFakeState, type DuplicateCreateBehaviour } from './state.js';
import { errorBody, writeJson } from './wire.js';

export interface AtomicworkFakeOptions {
  /** Replaces parts of the demo seed (each list given replaces the default list). */
  seed?: Partial<AtomicworkSeed>;
  /** Hands out new ids (grants, history events, schedules) above 2^53. Default false. */
  bigIds?: boolean;
  /** How long a full deprovisioning stays IN_PROGRESS before COMPLETED/FAILED, in ms. Default 50. */
  revocationDelayMs?: number;
  /** What a second create for an already actively granted user + entitlement does. Default 'allow'. */
  duplicateCreate?: DuplicateCreateBehaviour;
  /** Default `127.0.0.1`. */
  host?: '127.0.0.1' | '::1';
  /** Default 0 (ephemeral). */
  port?: number;
  /** Seeds the fault injector's random source, for reproducible fault runs. Default: none (Math.random). */
  faultSeed?: number;
  /** Clock for timestamps. Default `() => new Date()`. */
  now?: () => Date;
  /** Default: a random `aw_fake_...` key per start. */
  apiKey?: string;
  /** Default `ATOMICWORK_SEED_IDS.workspaceId`. */
  workspaceId?: string;
}

export interface AtomicworkFake {
  /** Origin of the fake, e.g. `http://127.0.0.1:41234` (pass as the client's `baseUrl`). */
  url: string;
  apiKey: string;
  workspaceId: string;
  state: AtomicworkFakeState;
  faults: Faults;
  /**
   * Resolves with `check()`'s value once it is truthy, re-checked after every history event and
   * when a deprovisioning ends. Await this instead of sleeping past `revocationDelayMs`.
   */
  waitUntil<T>(check: () => T | undefined | null | false, options?: WaitOptions): Promise<T>;
  /** Every request as it arrived on the socket (raw URL, before any normalisation), oldest first. */
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startAtomicworkFake(options: AtomicworkFakeOptions = {}): Promise<AtomicworkFake> {
  const apiKey = options.apiKey ?? `aw_fake_${randomBytes(16).toString('hex')}`;
  const workspaceId = options.workspaceId ?? ATOMICWORK_SEED_IDS.workspaceId;
  const state = new AtomicworkFakeState(
    { ...defaultAtomicworkSeed(), ...definedOnly(options.seed ?? {}) },
    {
      bigIds: options.bigIds ?? false,
      revocationDelayMs: options.revocationDelayMs ?? 50,
      now: options.now ?? (() => new Date()),
      duplicateCreate: options.duplicateCreate ?? 'allow',
    },
  );
  const faults = new Faults(options.faultSeed);
  const server = await startFakeServer({
    handler: createAtomicworkHandler({ state, apiKey, workspaceId }),
    errorResponse: (status, message) => errorBody(status, message),
    faults,
    host: options.host,
    port: options.port,
    stringify: writeJson,
  });
  return {
    url: server.url,
    apiKey,
    workspaceId,
    state,
    faults,
    waitUntil: (check, waitOptions) => state.changes.until(check, waitOptions),
    received: server.received,
    close: async () => {
      state.dispose();
      await server.close();
    },
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
