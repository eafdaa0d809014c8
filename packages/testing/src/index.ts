export * from './server/index.js';
export * from './zitadel/index.js';
