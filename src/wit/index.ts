// `purewasm/wit`: a component's world as WIT text, the way `wasm-tools component wit` prints it. Opt-in
// (not every app that runs components prints their types), so it is an entry of its own:
//
//   import { Component } from 'purewasm';
//   import { printWit } from 'purewasm/wit';
//   console.log(printWit(new Component(bytes)));
//
// The built entry (dist/wit.*) imports the component layer from `purewasm` rather than bundling a copy.
import type { Component } from '../component/runtime/component.js';
import { printComponentType } from './print.js';

/** The component's world as WIT: the root world (`package root:component; world root { … }`), then every
 *  interface it imports or exports, in `package ns:name@version { interface x { … } }` blocks. */
export function printWit(component: Component): string {
  const type = (component as Partial<Component> | null | undefined)?.type;
  if (type?.kind !== 'component') throw new TypeError("printWit takes a Component (import { Component } from 'purewasm')");
  return printComponentType(type);
}
