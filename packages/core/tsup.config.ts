import { packageBuild } from '../config/tsup.js';

export default packageBuild({
  index: 'src/index.ts',
  'atomicwork/index': 'src/providers/atomicwork/index.ts',
  'seam/index': 'src/providers/seam/index.ts',
  'sqlite': 'src/sqlite.ts',
  'zitadel/index': 'src/providers/zitadel/index.ts',
});
