export { startAtomicworkFake } from './server.js';
export type { AtomicworkFake, AtomicworkFakeOptions } from './server.js';
export { ATOMICWORK_SEED_IDS, ATOMICWORK_SEED_POLICY_KEYS, defaultAtomicworkSeed } from './seed.js';
export type { AtomicworkSeed } from './seed.js';
export { AtomicworkFakeState, FakeHttpError as AtomicworkFakeHttpError } from './state.js';
export type { AtomicworkStateOptions, CreateGrantInput as AtomicworkFakeCreateGrantInput, DuplicateCreateBehaviour, StatusBucket } from './state.js';
export { ATOMICWORK_ROUTES } from './routes.js';
export type {
  FakeApp as AtomicworkFakeApp,
  FakeEntitlement as AtomicworkFakeEntitlement,
  FakeGrant as AtomicworkFakeGrant,
  FakeGrantStatus as AtomicworkFakeGrantStatus,
  FakeHistoryEvent as AtomicworkFakeHistoryEvent,
  FakePolicy as AtomicworkFakePolicy,
  FakeRevocation as AtomicworkFakeRevocation,
  FakeUser as AtomicworkFakeUser,
} from './types.js';
