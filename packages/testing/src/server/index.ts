export { Faults, seededRandom } from './faults.js';
export type { FaultAction, FaultCounters, FaultPlan, FaultRule } from './faults.js';
export { readJson, startFakeServer } from './fake-server.js';
export type { FakeHandler, FakeRequest, FakeResponse, FakeServer, FakeServerOptions } from './fake-server.js';
