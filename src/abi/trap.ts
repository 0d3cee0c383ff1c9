// Every canonical-ABI trap is a vm `Trap` whose reason names the rule that failed.
import { Trap } from '../vm/errors.js';

export function trap(reason: string): never {
  throw new Trap(reason);
}
