import type { FrameAccess, VariableView } from '../source-info.js';
import { DebugInfoError } from '../source-info.js';
import type { Scopes } from './scopes.js';
import type { DebugInfo } from './units.js';

export class Values {
  constructor(readonly info: DebugInfo, readonly scopes: Scopes) {}
  variablesAt(_pc: number, _depth: number, _frame: FrameAccess): VariableView[] {
    throw new DebugInfoError('not yet');
  }
  evaluate(_e: string, _pc: number, _frame: FrameAccess): VariableView {
    throw new DebugInfoError('not yet');
  }
}
