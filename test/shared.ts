// Where the test material is: the shared/ folder beside the checkout (CI lays a copy there too), or
// PUREWASM_SHARED. Tests name files through this, never through an absolute path of one machine.
import { resolve } from 'node:path';

export const SHARED = process.env.PUREWASM_SHARED ?? resolve(__dirname, '../../shared');
