// Component binary decoder: `decodeComponent(bytes)` → ComponentAst (see ast.ts for the shape).
export { decodeComponent, isComponentBinary, COMPONENT_VERSION } from './decode-component.js';
export type * from './ast.js';
