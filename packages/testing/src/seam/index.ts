export { startSeamFake } from './fake.js';
export type { SeamFake, SeamFakeOptions, SeamFakeRequestLog } from './fake.js';
export { SEAM_FAKE_SEED } from './seed.js';
export { SeamFakeState } from './state.js';
export type {
  AccessGrantRecord,
  AccessMethodRecord,
  ActionAttemptRecord,
  DeviceRecord,
  EntranceRecord,
  SeamFakeEvent,
  SpaceRecord,
  UserIdentityRecord,
} from './state.js';
export type { WebhookDelivery } from './webhooks.js';
