export * from './errors.js';
export * from './http/index.js';
export * from './pagination/paginator.js';
export * from './domain/index.js';
export * from './store/index.js';
export * from './service/index.js';
export * from './api/index.js';
