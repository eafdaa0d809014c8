export * from './errors.js';
export * from './http/index.js';
export * from './pagination/paginator.js';
