import * as path from 'node:path';

export const WORKSPACE = path.resolve(__dirname, '../fixtures/workspace');
export const EXAMPLES = path.join(WORKSPACE, 'backstage');
