import { MemoryGrantStore } from '../../src/store/memory-store.js';
import { grantStoreConformance } from './conformance.js';

grantStoreConformance('MemoryGrantStore', async () => new MemoryGrantStore());
