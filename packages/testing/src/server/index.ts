export { Faults, seededRandom } from './faults.js';
export type { FaultAction, FaultCounters, FaultPlan, FaultRule } from './faults.js';
export { RECEIVED_LOG_LIMIT, readJson, startFakeServer } from './fake-server.js';
export type { FakeHandler, FakeRequest, FakeResponse, FakeServer, FakeServerOptions, ReceivedRequest } from './fake-server.js';
export { ChangeFeed } from './change-feed.js';
export type { WaitOptions } from './change-feed.js';
