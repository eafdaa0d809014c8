export * from './server/index.js';
export * from './seam/index.js';
