import { config } from 'zod';

// The contract's zod schemas probe `new Function` when they are built unless zod runs jitless;
// under the page's CSP (no 'unsafe-eval') that probe is reported as a violation. This module must be
// imported before anything that imports common/.
config({ jitless: true });
