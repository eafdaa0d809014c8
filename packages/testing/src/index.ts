export * from './server/index.js';
export * from './atomicwork/index.js';
export * from './zitadel/index.js';
export * from './seam/index.js';
export * from './provider-fakes.js';
