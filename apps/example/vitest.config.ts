import { packageTests } from '../../packages/config/vitest.js';

// The tests run the built app (dist/main.js) as a child process; no decorators are compiled here.
export default packageTests({ testTimeout: 60_000 });
