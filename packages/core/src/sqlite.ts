/** `@grantkit/core/sqlite`: the durable store. Needs the optional peer dependency `libsql`. */
export { SqliteGrantStore } from './store/sqlite-store.js';
export type { SqliteGrantStoreOptions } from './store/sqlite-store.js';
