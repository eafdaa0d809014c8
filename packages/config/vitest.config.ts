import { packageTests } from './vitest.js';
export default packageTests();
