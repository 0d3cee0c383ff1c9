// Where the test material is: the shared/ folder beside the checkout (CI lays a copy there too), or
// PUREWASM_SHARED. Tests name files through this, never through an absolute path of one machine.
// (import.meta rather than __dirname: scripts run with tsx import it too, as ES modules)
import { fileURLToPath } from 'node:url';

export const SHARED = process.env.PUREWASM_SHARED ?? fileURLToPath(new URL('../../shared', import.meta.url));
